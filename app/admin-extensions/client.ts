/**
 * How the admin UI extensions call their backend routes. Browser code without imports, so
 * the extensions bundle it as it is. In Shopify admin, `fetch` in an extension resolves a
 * path against the app's URL and adds the session token (Authorization: Bearer); the demo's
 * stand-in host does the same (scripts/demo/extension-host).
 *
 * Every failure becomes a code the extensions word from `errors.<code>` in their locales:
 * the backend's own code (with its numbers), or network / session / server when there is
 * no answer to read.
 */
export type Call<T> = { ok: true; body: T } | { ok: false; error: string; params: Record<string, string | number> };

/** Refusal codes the extensions have words for; any other becomes "unknown" (with the HTTP status). */
export const WORDED_ERRORS = [
  "network",
  "session",
  "server",
  "unknown",
  "internal_error",
  "invalid_input",
  "invalid_json",
  "body_too_large",
  "too_many_products",
  "method_not_allowed",
  "budget_exceeded",
  "unpriced_model",
  "empty_selection",
  "unknown_backend",
  "not_allowed_eu_only",
  "product_not_found",
  "nothing_to_apply",
  "job_not_found",
  "job_state_conflict",
] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export async function callBackend<T>(path: string, init: { method?: "GET" | "POST"; body?: unknown } = {}): Promise<Call<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? "GET",
      headers: { Accept: "application/json", ...(init.body === undefined ? {} : { "Content-Type": "application/json" }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch {
    return { ok: false, error: "network", params: {} };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: worded from the status below
  }
  if (response.ok && isRecord(body) && body.ok !== false) return { ok: true, body: body as T };
  if (response.status === 401 || response.status === 403) return { ok: false, error: "session", params: {} };
  if (isRecord(body) && typeof body.error === "string") {
    const code = (WORDED_ERRORS as readonly string[]).includes(body.error) ? body.error : "unknown";
    const params = isRecord(body.params) ? (Object.fromEntries(Object.entries(body.params).filter(([, value]) => typeof value === "string" || typeof value === "number")) as Record<string, string | number>) : {};
    return { ok: false, error: code, params: { ...params, status: response.status } };
  }
  return { ok: false, error: response.status >= 500 ? "server" : "unknown", params: { status: response.status } };
}

/** Micro-USD as dollars, for the admin's currency formatter. */
export const microsToDollars = (micros: number) => micros / 1_000_000;

/** An app page as the admin links to it from an extension (`app:` paths are the app's own). */
export const appLink = (path: string) => `app:${path.replace(/^\//, "")}`;
