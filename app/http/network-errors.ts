/**
 * Calls that got no answer at all, told apart by Node's and undici's error codes (fetch wraps
 * them as `TypeError("fetch failed")` with the socket error as its cause). One source for the
 * job runner (retry an item later) and the writes (was the request ever sent?).
 */

/** The connection was never made: the request cannot have reached Shopify or the provider. */
const UNSENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH"]);
/** The connection broke during the call: the request may or may not have been acted on. */
const BROKEN_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CLOSED"]);

function codesOf(error: unknown): { codes: string[]; fetchFailed: boolean } {
  const codes: string[] = [];
  let fetchFailed = false;
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    if (current.name === "TypeError" && current.message === "fetch failed") fetchFailed = true;
    current = current.cause;
  }
  return { codes, fetchFailed };
}

/** No answer came back (never sent, or the connection broke): worth another try later. */
export function isTransientNetworkError(error: unknown): boolean {
  const { codes, fetchFailed } = codesOf(error);
  return fetchFailed || codes.some((code) => UNSENT_CODES.has(code) || BROKEN_CODES.has(code));
}

/** The request was certainly never sent: writing it again cannot write anything twice. */
export function isUnsentRequestError(error: unknown): boolean {
  return codesOf(error).codes.some((code) => UNSENT_CODES.has(code));
}

/** The error's cause in a few words, for logs ("other side closed (UND_ERR_SOCKET)"). */
export function networkCauseOf(error: unknown): string | undefined {
  if (!(error instanceof Error) || !(error.cause instanceof Error)) return undefined;
  const code = (error.cause as { code?: unknown }).code;
  return `${error.cause.message}${typeof code === "string" ? ` (${code})` : ""}`;
}
