import { AdminApiError } from "./admin-client.server";
import type { CatalogSyncErrorCode } from "./sync-state";

/** A sync failure whose kind the sync itself knows (the bulk operation's own outcome). */
export class CatalogSyncError extends Error {
  override name = "CatalogSyncError";
  constructor(
    readonly code: CatalogSyncErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Shopify's GraphQL error codes and bulk operation error codes that mean "not allowed". */
const ACCESS_CODES = ["ACCESS_DENIED", "UNAUTHORIZED", "FORBIDDEN"];
/** Node's and undici's codes for a connection that failed or broke. */
const NETWORK_CODES = ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"];

function mentions(value: unknown, codes: readonly string[]): boolean {
  if (value === undefined || value === null) return false;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return codes.some((code) => text.includes(code));
}

function statusCategory(status: number | undefined): CatalogSyncErrorCode | undefined {
  if (status === undefined) return undefined;
  if (status === 401 || status === 403) return "access_denied";
  if (status === 429) return "throttled";
  if (status >= 500) return "network";
  return undefined;
}

/** The chain of causes (fetch's "fetch failed" carries the socket error as its cause). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 5; current = (current as { cause?: unknown }).cause) chain.push(current);
  return chain;
}

/**
 * What a sync failure was, for the merchant: the sync's own kinds first, then the Admin client's
 * typed errors (THROTTLED, HTTP status, Shopify's error codes), then the Shopify library's
 * (HttpResponseError's `response.code`, SessionNotFoundError), then network failures anywhere in
 * the cause chain. Whatever is left is "unknown" — never a raw message on the page.
 */
export function classifySyncFailure(error: unknown): { code: CatalogSyncErrorCode; message: string } {
  return { code: failureCode(error), message: technicalMessage(error).slice(0, 500) };
}

/** For logs and operators: the error, and for the Admin client's errors the HTTP status and Shopify's errors as sent. */
function technicalMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const text = `${error.name}: ${error.message}`;
  if (!(error instanceof AdminApiError)) return text;
  const { status, errors } = error.details;
  const extra = [status === undefined ? "" : `HTTP ${status}`, errors === undefined ? "" : JSON.stringify(errors)].filter(Boolean).join(" ");
  return extra ? `${text} (${extra})` : text;
}

function failureCode(error: unknown): CatalogSyncErrorCode {
  if (error instanceof CatalogSyncError) return error.code;
  if (error instanceof AdminApiError) {
    const { details } = error;
    if (details.code === "PACING_DEFERRED" || mentions(details.errors, ["THROTTLED"]) || details.code === "VARIANT_THROTTLE_EXCEEDED") return "throttled";
    if (mentions(details.errors, ACCESS_CODES) || (details.code !== undefined && ACCESS_CODES.includes(details.code))) return "access_denied";
    const byStatus = statusCategory(details.status);
    if (byStatus) return byStatus;
    if (details.retryable) return "throttled";
  }
  for (const link of causes(error)) {
    if (typeof link !== "object" || link === null) continue;
    const named = link as { name?: unknown; code?: unknown; constructor?: { name?: unknown }; response?: { code?: unknown }; body?: { errors?: unknown } };
    const className = named.constructor?.name;
    // @shopify/shopify-app-remix: the shop has no offline session (uninstalled, or never opened since a reset).
    if (className === "SessionNotFoundError") return "access_denied";
    // @shopify/shopify-api's HttpResponseError family and GraphqlQueryError.
    if (typeof named.response?.code === "number") {
      const byStatus = statusCategory(named.response.code);
      if (byStatus) return byStatus;
    }
    if (className === "GraphqlQueryError") {
      if (mentions(named.body?.errors, ["THROTTLED"])) return "throttled";
      if (mentions(named.body?.errors, ACCESS_CODES)) return "access_denied";
    }
    if (className === "HttpRequestError" || className === "HttpMaxRetriesError") return "network";
    if (named.name === "AbortError" || named.name === "TimeoutError") return "network";
    if (typeof named.code === "string" && NETWORK_CODES.includes(named.code)) return "network";
    if (link instanceof TypeError && /fetch failed|network/i.test(link.message)) return "network";
  }
  return "unknown";
}
