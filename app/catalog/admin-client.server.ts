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

/** Runs one operation and parses `data` with the given zod schema; GraphQL errors become AdminApiError. */
export async function runAdminQuery<T>(
  admin: AdminGraphql,
  operation: string,
  query: string,
  schema: z.ZodType<T>,
  variables?: Record<string, unknown>,
): Promise<T> {
  const response = await admin.graphql(query, variables ? { variables } : undefined);
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) {
    const throttled = JSON.stringify(body.errors).includes("THROTTLED");
    const messages = Array.isArray(body.errors) ? body.errors.map((error: { message?: unknown }) => String(error.message)).join("; ") : "";
    throw new AdminApiError(`${operation} failed: ${messages}`, { operation, errors: body.errors, status: response.status, retryable: throttled });
  }
  const parsed = schema.safeParse(body.data);
  if (!parsed.success) {
    throw new AdminApiError(`${operation} returned an unexpected shape: ${parsed.error.message}`, { operation, retryable: false });
  }
  return parsed.data;
}
