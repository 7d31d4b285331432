import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import { classifyError, type ModelErrorKind } from "./errors";

/**
 * classifyError on the raw bodies providers send. Account problems (no credit, a
 * spend limit, billing, a daily quota) are not retried on the same backend but may
 * fall back; a per-minute rate limit is retried after the delay the provider asks.
 */
function apiError(statusCode: number, body: unknown, headers: Record<string, string> = {}): APICallError {
  return new APICallError({
    message: "provider error",
    url: "https://provider.example/v1/endpoint",
    requestBodyValues: {},
    statusCode,
    responseHeaders: { "content-type": "application/json", ...headers },
    responseBody: JSON.stringify(body),
  });
}

const context = { backendId: "backend", modelId: "model" };

const anthropic = (type: string, message: string, details?: unknown) => ({
  type: "error",
  error: details === undefined ? { type, message } : { type, message, details },
  request_id: "req_018EeWyXxfu5pfWkrYcMdjWG",
});
const openai = (message: string, type: string, code: string | null) => ({ error: { message, type, param: null, code } });
const OPENAI_QUOTA_MESSAGE =
  "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.";

const GEMINI_MESSAGE =
  "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.";
const geminiHelp = { "@type": "type.googleapis.com/google.rpc.Help", links: [{ description: "Learn more about Gemini API quotas", url: "https://ai.google.dev/gemini-api/docs/rate-limits" }] };
const geminiViolation = (quotaId: string, quotaValue: string) => ({
  quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
  quotaId,
  quotaDimensions: { location: "global", model: "gemini-2.5-flash" },
  quotaValue,
});
const gemini = (details: unknown[]) => ({ error: { code: 429, message: GEMINI_MESSAGE, status: "RESOURCE_EXHAUSTED", details } });
const quotaFailure = (...violations: unknown[]) => ({ "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations });
const retryInfo = (delay: string) => ({ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: delay });

const ACCOUNT_PROBLEMS: { name: string; error: APICallError; kind: ModelErrorKind }[] = [
  {
    // platform.claude.com/docs/en/api/rate-limits: the tier's monthly spend cap, no retry-after.
    name: "Anthropic 429 enforced_spend_limit_reached",
    error: apiError(
      429,
      anthropic(
        "rate_limit_error",
        "You have reached your API usage limits: your organization has crossed its monthly API usage threshold, set based on your organization's API tier. You will regain access on 2026-09-01 at 00:00 UTC.",
        { error_code: "enforced_spend_limit_reached" },
      ),
    ),
    kind: "spend_limit",
  },
  {
    name: "Anthropic 400 for a spend limit the organization set",
    error: apiError(400, anthropic("invalid_request_error", "You have reached your specified API usage limits. You will regain access on 2026-08-01 at 00:00 UTC.")),
    kind: "spend_limit",
  },
  {
    name: "Anthropic 402 billing_error",
    error: apiError(402, anthropic("billing_error", "There's an issue with your billing or payment information.")),
    kind: "billing",
  },
  {
    name: "Anthropic 400 credit balance too low",
    error: apiError(400, anthropic("invalid_request_error", "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.")),
    kind: "quota",
  },
  { name: "OpenAI 429 insufficient_quota", error: apiError(429, openai(OPENAI_QUOTA_MESSAGE, "insufficient_quota", "insufficient_quota")), kind: "quota" },
  { name: "OpenAI 429 credit_balance_exhausted", error: apiError(429, openai(OPENAI_QUOTA_MESSAGE, "insufficient_quota", "credit_balance_exhausted")), kind: "quota" },
  {
    name: "OpenAI 429 organization_spend_limit_exceeded",
    error: apiError(429, openai(OPENAI_QUOTA_MESSAGE, "insufficient_quota", "organization_spend_limit_exceeded")),
    kind: "spend_limit",
  },
  { name: "OpenAI 429 project_spend_limit_exceeded", error: apiError(429, openai(OPENAI_QUOTA_MESSAGE, "insufficient_quota", "project_spend_limit_exceeded")), kind: "spend_limit" },
  {
    name: "OpenAI 429 organization_usage_limit_exceeded",
    error: apiError(429, openai(OPENAI_QUOTA_MESSAGE, "insufficient_quota", "organization_usage_limit_exceeded")),
    kind: "spend_limit",
  },
  {
    name: "OpenAI billing_hard_limit_reached",
    error: apiError(400, openai("Billing hard limit has been reached", "invalid_request_error", "billing_hard_limit_reached")),
    kind: "spend_limit",
  },
  {
    name: "OpenAI 429 billing_not_active",
    error: apiError(429, openai("Your account is not active, please check your billing details on our website.", "billing_not_active", "billing_not_active")),
    kind: "billing",
  },
  {
    name: "OpenAI 429 access_terminated",
    error: apiError(
      429,
      openai(
        "Your access was terminated due to violation of our policies, please check your email for more information. If you believe this is in error and would like to appeal, please contact us through our help center at help.openai.com.",
        "access_terminated",
        "access_terminated",
      ),
    ),
    kind: "billing",
  },
  {
    name: "Gemini 429 per-day quota without RetryInfo",
    error: apiError(429, gemini([quotaFailure(geminiViolation("GenerateRequestsPerDayPerProjectPerModel-FreeTier", "250")), geminiHelp])),
    kind: "daily_quota",
  },
  {
    // Public reports show per-day bodies that also carry a RetryInfo: seconds cannot lift a daily quota.
    name: "Gemini 429 per-day quota that also carries a RetryInfo",
    error: apiError(429, gemini([quotaFailure(geminiViolation("GenerateRequestsPerDayPerProjectPerModel-FreeTier", "250")), geminiHelp, retryInfo("22s")])),
    kind: "daily_quota",
  },
];

describe("classifyError: account problems", () => {
  it.each(ACCOUNT_PROBLEMS)("$name → $kind, not retried, fallback allowed", ({ error, kind }) => {
    const classified = classifyError(error, context);
    expect(classified.kind).toBe(kind);
    expect(classified.retryable).toBe(false);
    expect(classified.fallbackAllowed).toBe(true);
    expect(classified.details.statusCode).toBe(error.statusCode);
    // The message is ours, in words; never the provider's raw code.
    expect(classified.message).not.toMatch(/_/);
  });
});

describe("classifyError: rate limits stay retryable", () => {
  it("OpenAI 429 rate_limit_exceeded with retry-after", () => {
    const error = apiError(
      429,
      openai("Rate limit reached for gpt-4.1-mini in organization org-x on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 2s.", "requests", "rate_limit_exceeded"),
      { "retry-after": "2", "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "2s" },
    );
    const classified = classifyError(error, context);
    expect(classified).toMatchObject({ kind: "rate_limit", retryable: true, fallbackAllowed: true });
    expect(classified.details.retryAfterMs).toBe(2000);
  });

  it("Anthropic 429 rate_limit_error with retry-after (no error_code)", () => {
    const error = apiError(429, anthropic("rate_limit_error", "This request would exceed the rate limit for your organization of 50 requests per minute."), { "retry-after": "7" });
    const classified = classifyError(error, context);
    expect(classified).toMatchObject({ kind: "rate_limit", retryable: true });
    expect(classified.details.retryAfterMs).toBe(7000);
  });

  it("Gemini 429 per-minute quota with RetryInfo", () => {
    const error = apiError(429, gemini([quotaFailure(geminiViolation("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "10")), geminiHelp, retryInfo("13s")]));
    const classified = classifyError(error, context);
    expect(classified).toMatchObject({ kind: "rate_limit", retryable: true });
    expect(classified.details.retryAfterMs).toBe(13_000);
  });
});

describe("classifyError: unchanged neighbours", () => {
  it("a bad key is still reported, not retried and not a reason to fall back", () => {
    const classified = classifyError(apiError(401, anthropic("authentication_error", "invalid x-api-key")), context);
    expect(classified).toMatchObject({ kind: "auth", retryable: false, fallbackAllowed: false });
  });

  it("an ordinary 400 is still a bad request", () => {
    const classified = classifyError(apiError(400, anthropic("invalid_request_error", "messages: roles must alternate")), context);
    expect(classified.kind).toBe("bad_request");
  });
});
