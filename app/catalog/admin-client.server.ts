import { z } from "zod";

/**
 * The slice of the Admin GraphQL client that catalog code needs. Routes pass
 * `admin` from authenticate.admin; tests pass a client pointed at the emulator.
 */
export interface AdminGraphql {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

export class AdminApiError extends Error {
  override name = "AdminApiError";
  constructor(
    message: string,
    readonly details: { operation: string; errors?: unknown; status?: number; retryable: boolean },
  ) {
    super(message);
  }
}

const costSchema = z
  .object({
    requestedQueryCost: z.number().nullish(),
    throttleStatus: z.object({ currentlyAvailable: z.number(), restoreRate: z.number() }).nullish(),
  })
  .nullish();

export interface AdminQueryOptions {
  /** Attempts when Shopify answers THROTTLED (default 5). */
  maxThrottledAttempts?: number;
  sleep?: (milliseconds: number) => Promise<void>;
}

const defaultSleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/**
 * How long to wait before a THROTTLED query can run: the points it asked for,
 * minus those available, at the bucket's restore rate (from extensions.cost).
 * Shopify sends THROTTLED as HTTP 200, which the library does not retry.
 */
export function throttleDelayMs(extensions: unknown): number {
  const cost = costSchema.safeParse((extensions as { cost?: unknown } | undefined)?.cost);
  const requested = cost.success ? cost.data?.requestedQueryCost : undefined;
  const status = cost.success ? cost.data?.throttleStatus : undefined;
  if (!status || !requested || status.restoreRate <= 0) return 1000;
  const missing = Math.max(0, requested - status.currentlyAvailable);
  return Math.min(60_000, Math.ceil((missing / status.restoreRate) * 1000) + 50);
}

/** Runs one operation and parses `data` with the given zod schema; GraphQL errors become AdminApiError. */
export async function runAdminQuery<T>(
  admin: AdminGraphql,
  operation: string,
  query: string,
  schema: z.ZodType<T>,
  variables?: Record<string, unknown>,
  options: AdminQueryOptions = {},
): Promise<T> {
  const maxAttempts = options.maxThrottledAttempts ?? 5;
  for (let attempt = 1; ; attempt += 1) {
    const response = await admin.graphql(query, variables ? { variables } : undefined);
    const body = (await response.json()) as { data?: unknown; errors?: unknown; extensions?: unknown };
    if (body.errors) {
      const throttled = JSON.stringify(body.errors).includes("THROTTLED");
      if (throttled && attempt < maxAttempts) {
        await (options.sleep ?? defaultSleep)(throttleDelayMs(body.extensions));
        continue;
      }
      const messages = Array.isArray(body.errors) ? body.errors.map((error: { message?: unknown }) => String(error.message)).join("; ") : "";
      throw new AdminApiError(`${operation} failed: ${messages}`, { operation, errors: body.errors, status: response.status, retryable: throttled });
    }
    const parsed = schema.safeParse(body.data);
    if (!parsed.success) {
      throw new AdminApiError(`${operation} returned an unexpected shape: ${parsed.error.message}`, { operation, retryable: false });
    }
    return parsed.data;
  }
}
