import { z } from "zod";
import type { AdminCostGate, AdminCostReport } from "~/pacing/admin-cost-gate";
import { adminCostEstimates, adminCostGate } from "~/pacing/gates.server";

/**
 * The slice of the Admin GraphQL client that catalog code needs. Routes pass
 * `admin` from authenticate.admin (app/shopify.server.ts names its shop);
 * tests pass a client pointed at the emulator.
 */
export interface AdminGraphql {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
  /** The shop the client calls: its calls go through that shop's cost gate (app/pacing). */
  readonly shop?: string;
  /** The client's default for AdminQueryOptions.pacing: a job's client defers instead of sleeping. */
  readonly pacing?: "wait" | "defer";
}

export class AdminApiError extends Error {
  override name = "AdminApiError";
  constructor(
    message: string,
    readonly details: {
      operation: string;
      errors?: unknown;
      status?: number;
      retryable: boolean;
      /** When retryable: how long the caller should wait before trying again. */
      retryAfterMs?: number;
      /** Shopify's error code when there is one, e.g. VARIANT_THROTTLE_EXCEEDED. */
      code?: string;
    },
  ) {
    super(message);
  }
}

const costSchema = z
  .object({
    requestedQueryCost: z.number().nullish(),
    actualQueryCost: z.number().nullish(),
    throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() }).nullish(),
  })
  .nullish();

/** Most an interactive call waits for the shop's bucket before giving up with a retryable error (a full bucket refills in 20 s). */
export const MAX_PACING_WAIT_MS = 20_000;

export interface AdminQueryOptions {
  /** Attempts when Shopify answers THROTTLED (default 5). */
  maxThrottledAttempts?: number;
  sleep?: (milliseconds: number) => Promise<void>;
  /**
   * When the shop's bucket has not enough points for the call: "wait" (default, interactive requests) sleeps until it
   * has; "defer" sends nothing and throws PacingDeferredError with the delay, for a scheduler to come back later.
   */
  pacing?: "wait" | "defer";
  /** The cost to reserve; default: what this operation asked for last time (app/pacing/cost-estimates.ts). */
  estimatedCost?: number;
  /** The gate to consult (default: the process's, app/pacing/gates.server.ts). */
  gate?: AdminCostGate;
}

/** The shop's bucket cannot take the call now: nothing was sent. Come back in `details.retryAfterMs`. */
export class PacingDeferredError extends AdminApiError {
  override name = "PacingDeferredError";
  constructor(operation: string, retryAfterMs: number) {
    super(`${operation} deferred: the shop's Admin API bucket frees enough points in ${retryAfterMs} ms`, { operation, retryable: true, retryAfterMs, code: "PACING_DEFERRED" });
  }
}

function costReport(extensions: unknown): AdminCostReport | null {
  const cost = costSchema.safeParse((extensions as { cost?: unknown } | undefined)?.cost);
  return cost.success && cost.data ? cost.data : null;
}

/** Comments (#graphql) aside, does the document start with `mutation`? */
function operationKind(query: string): "query" | "mutation" {
  return /^mutation\b/.test(query.replace(/#[^\n]*\n/g, "").trimStart()) ? "mutation" : "query";
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

/** Without a Retry-After header: a generic 429 is retried after a couple of seconds (what Shopify's REST 429s ask for). */
export const DEFAULT_429_RETRY_MS = 2_000;
/**
 * Shopify's daily variant-creation limit (VARIANT_THROTTLE_EXCEEDED, HTTP 429, no Retry-After
 * seen in any report) frees up over a day, so a caller should come back much later, not in seconds.
 */
export const VARIANT_THROTTLE_RETRY_MS = 60 * 60_000;

function retryAfterHeaderMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function errorCodeOf(errors: unknown): string | undefined {
  if (!Array.isArray(errors)) return undefined;
  for (const error of errors as Array<{ extensions?: { code?: unknown } }>) if (typeof error?.extensions?.code === "string") return error.extensions.code;
  return undefined;
}

/**
 * HTTP 429 (e.g. the variant-creation limit on stores with 50,000+ variants): never slept on
 * here, since the wait can be long. It becomes a retryable AdminApiError carrying the delay
 * (Retry-After when Shopify sends one), and the caller decides when to come back.
 */
function rateLimited(operation: string, errors: unknown, retryAfter: number | undefined): AdminApiError {
  const code = errorCodeOf(errors);
  const retryAfterMs = retryAfter ?? (code === "VARIANT_THROTTLE_EXCEEDED" ? VARIANT_THROTTLE_RETRY_MS : DEFAULT_429_RETRY_MS);
  const messages = Array.isArray(errors) ? errors.map((error: { message?: unknown }) => String(error.message)).join("; ") : String(errors ?? "Too Many Requests");
  return new AdminApiError(`${operation} rate limited (HTTP 429): ${messages}`, { operation, errors, status: 429, retryable: true, retryAfterMs, ...(code ? { code } : {}) });
}

/** The Shopify library throws HttpThrottlingError for a 429 it has given up retrying: `response.code`, `response.retryAfter` in seconds. */
function libraryThrottle(error: unknown): { retryAfter: number | undefined; errors: unknown } | undefined {
  const response = (error as { response?: { code?: unknown; retryAfter?: unknown; body?: unknown } } | null)?.response;
  if (!(error instanceof Error) || response?.code !== 429) return undefined;
  const retryAfter = typeof response.retryAfter === "number" && Number.isFinite(response.retryAfter) ? Math.ceil(response.retryAfter * 1000) : undefined;
  const body = response.body as { errors?: unknown } | undefined;
  return { retryAfter, errors: body?.errors ?? [{ message: error.message }] };
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
  const sleep = options.sleep ?? defaultSleep;
  const shop = admin.shop;
  const gate = options.gate ?? adminCostGate();
  const estimates = adminCostEstimates();
  const kind = operationKind(query);
  /** Decided before sending: the points this call will ask for are there, else wait (or defer) until they are. */
  const pace = async (): Promise<number> => {
    if (!shop) return 0;
    const cost = options.estimatedCost ?? estimates.get(operation, kind);
    for (let waited = 0; ; ) {
      const decision = await gate.reserve(shop, cost);
      if (decision.ok) return cost;
      if ((options.pacing ?? admin.pacing) === "defer" || waited + decision.retryInMs > MAX_PACING_WAIT_MS) throw new PacingDeferredError(operation, decision.retryInMs);
      await sleep(decision.retryInMs);
      waited += decision.retryInMs;
    }
  };
  for (let attempt = 1; ; attempt += 1) {
    const reserved = await pace();
    let response: Response;
    try {
      response = await admin.graphql(query, variables ? { variables } : undefined);
    } catch (error) {
      if (shop) await gate.settle(shop, reserved, null);
      const throttle = libraryThrottle(error);
      if (throttle) throw rateLimited(operation, throttle.errors, throttle.retryAfter);
      throw error;
    }
    if (response.status === 429) {
      if (shop) await gate.settle(shop, reserved, null);
      const body = (await response.json().catch(() => ({}))) as { errors?: unknown };
      throw rateLimited(operation, body.errors, retryAfterHeaderMs(response.headers.get("retry-after")));
    }
    let body: { data?: unknown; errors?: unknown; extensions?: unknown };
    try {
      body = (await response.json()) as typeof body;
    } catch (error) {
      if (shop) await gate.settle(shop, reserved, null);
      throw error;
    }
    // Every answer feeds the gate, THROTTLED ones included: Shopify's bucket as it reports it is the truth.
    if (shop) {
      const report = costReport(body.extensions);
      await gate.settle(shop, reserved, report);
      if (typeof report?.requestedQueryCost === "number") estimates.learn(operation, report.requestedQueryCost);
    }
    if (body.errors) {
      const throttled = JSON.stringify(body.errors).includes("THROTTLED");
      if (throttled && attempt < maxAttempts) {
        await sleep(throttleDelayMs(body.extensions));
        continue;
      }
      const messages = Array.isArray(body.errors) ? body.errors.map((error: { message?: unknown }) => String(error.message)).join("; ") : "";
      // Still THROTTLED after our attempts: the caller (a job's scheduler) is told when the bucket will have refilled.
      throw new AdminApiError(`${operation} failed: ${messages}`, { operation, errors: body.errors, status: response.status, retryable: throttled, ...(throttled ? { retryAfterMs: throttleDelayMs(body.extensions) } : {}) });
    }
    const parsed = schema.safeParse(body.data);
    if (!parsed.success) {
      throw new AdminApiError(`${operation} returned an unexpected shape: ${parsed.error.message}`, { operation, retryable: false });
    }
    return parsed.data;
  }
}
