import { APICallError, NoObjectGeneratedError, NoOutputGeneratedError, RetryError } from "ai";
import { UnsafeEndpointError } from "./ssrf.server";

/**
 * One error family for every model call. `kind` tells the caller what
 * happened in words a merchant can act on; `retryable` says whether trying the
 * same backend again can help; `fallbackAllowed` says whether the next backend
 * in the chain should be tried (provider-side trouble) or the problem must be
 * reported (a bad key is not fixed by hammering, nor by silently switching).
 */
export type ModelErrorKind =
  | "auth"
  | "malformed_key"
  | "quota"
  | "spend_limit"
  | "billing"
  | "daily_quota"
  | "unknown_model"
  | "bad_request"
  | "rate_limit"
  | "overloaded"
  | "server"
  | "timeout"
  | "unreachable"
  | "invalid_output"
  | "refusal"
  | "unsafe_endpoint"
  | "not_configured"
  | "budget_exceeded"
  | "unpriced_model"
  | "cancelled";

const RETRYABLE: ReadonlySet<ModelErrorKind> = new Set(["rate_limit", "overloaded", "server", "timeout", "invalid_output"]);
// Account problems (quota, spend_limit, billing, daily_quota) are never retried on the same
// backend, but another backend is billed elsewhere and may still answer.
const FALLBACK: ReadonlySet<ModelErrorKind> = new Set([
  "unpriced_model",
  "rate_limit",
  "overloaded",
  "server",
  "timeout",
  "unreachable",
  "invalid_output",
  "refusal",
  "quota",
  "spend_limit",
  "billing",
  "daily_quota",
]);

export class ModelCallError extends Error {
  override name = "ModelCallError";
  readonly retryable: boolean;
  readonly fallbackAllowed: boolean;
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly details: { backendId?: string; modelId?: string; statusCode?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.retryable = RETRYABLE.has(kind);
    this.fallbackAllowed = FALLBACK.has(kind);
  }
}

function bodyText(error: APICallError): string {
  return (error.responseBody ?? "").toLowerCase();
}

/** Milliseconds the provider asked us to wait, from headers or (Gemini) the error body. */
export function retryDelayFrom(error: APICallError, now = Date.now()): number | undefined {
  const headers = Object.fromEntries(Object.entries(error.responseHeaders ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
  const milliseconds = Number(headers["retry-after-ms"]);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const retryAfter = headers["retry-after"];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  // Gemini: {"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"13s"}]}}
  const match = /"retrydelay"\s*:\s*"(\d+(?:\.\d+)?)s"/i.exec(error.responseBody ?? "");
  if (match?.[1]) return Number(match[1]) * 1000;
  return undefined;
}

/**
 * Account-level refusals that waiting a few seconds cannot fix, whatever their status (often 429).
 * - Anthropic: 429 rate_limit_error with error.details.error_code "enforced_spend_limit_reached"
 *   and no retry-after (tier spend cap, platform.claude.com/docs/en/api/rate-limits); 400 "You have
 *   reached your specified API usage limits" (a limit the org set, /docs/en/api/errors); 402
 *   billing_error (same page); 400 "credit balance is too low" (anthropic-sdk-typescript#618).
 * - OpenAI: 429 type insufficient_quota, with error.code insufficient_quota, credit_balance_exhausted
 *   or *_spend_limit_exceeded / organization_usage_limit_exceeded (help.openai.com article 6614457);
 *   billing_hard_limit_reached, 429 billing_not_active and access_terminated (public error reports).
 *   None carries retry-after.
 * - Gemini: 429 RESOURCE_EXHAUSTED whose QuotaFailure names a per-day quota id
 *   (GenerateRequestsPerDayPerProjectPerModel-FreeTier). Some such bodies also carry a RetryInfo,
 *   but retrying in seconds cannot lift a daily quota; a per-minute quota id alone is a rate limit.
 */
function accountProblem(status: number | undefined, body: string): { kind: ModelErrorKind; message: string } | undefined {
  if (/enforced_spend_limit_reached|reached your specified api usage limits|_spend_limit_exceeded|usage_limit_exceeded|billing_hard_limit_reached/.test(body)) {
    return { kind: "spend_limit", message: "The spending limit set for this provider account has been reached." };
  }
  if (/"billing_error"|billing_not_active|access_terminated/.test(body) || (status === 402 && body.includes("billing"))) {
    return { kind: "billing", message: "The provider account has a billing or payment problem, or is not active." };
  }
  if (/"quotaid"\s*:\s*"[^"]*perday/.test(body)) {
    return { kind: "daily_quota", message: "The provider's daily quota for this model is used up." };
  }
  if (status === 402 || body.includes("insufficient_quota") || body.includes("credit_balance_exhausted") || body.includes("credit balance is too low")) {
    return { kind: "quota", message: "The account has no quota or credit left with this provider." };
  }
  return undefined;
}

function isNetworkError(error: unknown): boolean {
  const text = `${(error as { code?: string })?.code ?? ""} ${(error as Error)?.message ?? ""} ${String((error as { cause?: { code?: string } })?.cause?.code ?? "")}`;
  return /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|fetch failed|socket hang up/i.test(text);
}

function unsafeEndpointIn(error: unknown): UnsafeEndpointError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current instanceof UnsafeEndpointError) return current;
    current = current.cause;
  }
  return undefined;
}

function malformedHeaderIn(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current instanceof TypeError && /header|bytestring|invalid character/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/** A key a provider could accept: printable ASCII without spaces. */
export function isWellFormedApiKey(key: string): boolean {
  return /^[\x21-\x7e]+$/.test(key);
}

/** Maps whatever a provider call threw to a ModelCallError. */
export function classifyError(error: unknown, context: { backendId: string; modelId: string; timedOut?: boolean }): ModelCallError {
  const base = { backendId: context.backendId, modelId: context.modelId, cause: error };
  if (error instanceof ModelCallError) return error;
  if (RetryError.isInstance(error)) return classifyError(error.lastError, context);
  // The connect-time guard's refusal arrives wrapped (fetch failed → cause): find it in the chain.
  const unsafe = unsafeEndpointIn(error);
  if (unsafe) {
    return new ModelCallError(unsafe.reason === "unresolvable" ? "unreachable" : "unsafe_endpoint", unsafe.message, base);
  }
  // fetch refuses a header value with spaces, line breaks or non-ASCII characters before sending: a pasted key that is not a key.
  if (malformedHeaderIn(error)) return new ModelCallError("malformed_key", "The API key contains characters an API key cannot have (spaces, line breaks or non-ASCII characters).", base);
  if (context.timedOut) return new ModelCallError("timeout", "The model did not answer in time.", base);
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) {
    return new ModelCallError("cancelled", "The call was cancelled.", base);
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const body = bodyText(error);
    const details = { ...base, statusCode: status, retryAfterMs: retryDelayFrom(error) };
    const account = accountProblem(status, body);
    if (account) return new ModelCallError(account.kind, account.message, details);
    if (status === 401 || status === 403) return new ModelCallError("auth", "The provider refused the API key.", details);
    if (status === 404 || (status === 400 && /model.{0,40}(not found|does not exist|unknown|invalid)|unknown model|no such model/.test(body))) {
      return new ModelCallError("unknown_model", `The provider does not know the model "${context.modelId}".`, details);
    }
    if (status === 429) return new ModelCallError("rate_limit", "The provider's rate limit was reached.", details);
    if (status === 529 || status === 503 || body.includes("overloaded")) return new ModelCallError("overloaded", "The provider is overloaded.", details);
    if (status === 408) return new ModelCallError("timeout", "The provider timed out.", details);
    if (status !== undefined && status >= 500) return new ModelCallError("server", `The provider failed (HTTP ${status}).`, details);
    if (status === 400 || status === 422) return new ModelCallError("bad_request", "The provider rejected the request.", details);
    if (isNetworkError(error.cause) || isNetworkError(error)) return new ModelCallError("unreachable", "The provider's host could not be reached.", details);
    return new ModelCallError("server", error.message, details);
  }
  if (NoObjectGeneratedError.isInstance(error) || NoOutputGeneratedError.isInstance(error)) {
    const text = (NoObjectGeneratedError.isInstance(error) ? (error.text ?? "") : "").toLowerCase();
    if (NoObjectGeneratedError.isInstance(error) && error.finishReason === "content-filter") {
      return new ModelCallError("refusal", "The model refused to answer.", base);
    }
    if (NoObjectGeneratedError.isInstance(error) && error.finishReason === "length") {
      return new ModelCallError("invalid_output", "The model ran out of output tokens before finishing.", base);
    }
    if (/\b(i can(?:'|no)t|i'm sorry|i am unable|as an ai)\b/.test(text)) return new ModelCallError("refusal", "The model refused to answer.", base);
    return new ModelCallError("invalid_output", "The model's answer did not match the expected structure.", base);
  }
  if (isNetworkError(error)) return new ModelCallError("unreachable", "The provider's host could not be reached.", base);
  return new ModelCallError("server", error instanceof Error ? error.message : String(error), base);
}
