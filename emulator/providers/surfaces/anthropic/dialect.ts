/** Anthropic's errors and headers, as api.anthropic.com sends them. */
import { randomBytes } from "node:crypto";
import type { ProviderDialect, ProviderProblem } from "../../core/dialect";
import { bearerToken, jsonReply, type Reply } from "../../core/http";
import { resetTimestamp, type BucketSnapshot, type RateLimitSnapshot } from "../../core/rate-limiter";

function anthropicError(status: number, type: string, message: string, headers: Record<string, string> = {}, details?: Record<string, string>): Reply {
  // Real request ids are unique per call; tests must not snapshot them.
  const requestId = `req_011C${randomBytes(12).toString("base64url")}`;
  const error = details === undefined ? { type, message } : { type, message, details };
  return jsonReply(status, { type: "error", error, request_id: requestId }, { "request-id": requestId, ...headers });
}

/** "2026-09-01": usage paused by the tier spend cap comes back at 00:00 UTC on the first of next month. */
function firstOfNextMonth(now: number): string {
  const date = new Date(now);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

function problemReply(problem: ProviderProblem): Reply {
  switch (problem.kind) {
    case "missing_key":
      return anthropicError(401, "authentication_error", "x-api-key header is required");
    case "invalid_key":
      return anthropicError(401, "authentication_error", "invalid x-api-key");
    case "model_not_found":
      return anthropicError(404, "not_found_error", `model: ${problem.model}`);
    case "invalid_request":
      return anthropicError(400, "invalid_request_error", problem.message);
    case "route_not_found":
      return anthropicError(404, "not_found_error", "Not Found");
    case "rate_limit": {
      const what = problem.limitName === "requests" ? "requests" : "input tokens";
      return anthropicError(
        429,
        "rate_limit_error",
        `This request would exceed the rate limit for your organization of ${problem.limit} ${what} per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.`,
        { "retry-after": String(problem.retryAfterSeconds) },
      );
    }
    case "server_error":
      return anthropicError(500, "api_error", "Internal server error");
    case "unavailable":
      return anthropicError(503, "api_error", "Service unavailable");
    case "overloaded":
      return anthropicError(529, "overloaded_error", "Overloaded");
    case "spend_limit":
      // The tier's monthly spend cap (platform.claude.com/docs/en/api/rate-limits): a 429
      // rate_limit_error like a rate limit, but with details.error_code and no retry-after.
      return anthropicError(
        429,
        "rate_limit_error",
        `You have reached your API usage limits: your organization has crossed its monthly API usage threshold, set based on your organization's API tier. You will regain access on ${firstOfNextMonth(problem.now)} at 00:00 UTC.`,
        {},
        { error_code: "enforced_spend_limit_reached" },
      );
    case "billing":
      // 402 billing_error (platform.claude.com/docs/en/api/errors); the message wording is ours.
      return anthropicError(402, "billing_error", "There's an issue with your billing or payment information. Check your payment details in the Claude Console.");
    case "insufficient_quota":
    case "daily_quota": // Anthropic has no daily quota: the nearest account refusal
      return anthropicError(400, "invalid_request_error", "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.");
  }
}

function bucketHeaders(name: string, bucket: BucketSnapshot, now: number): Record<string, string> {
  return {
    [`anthropic-ratelimit-${name}-limit`]: String(bucket.limit),
    [`anthropic-ratelimit-${name}-remaining`]: String(bucket.remaining),
    [`anthropic-ratelimit-${name}-reset`]: resetTimestamp(now, bucket.resetMs),
  };
}

export const anthropicDialect: ProviderDialect = {
  provider: "anthropic",
  // createAnthropic({ authToken }) sends a bearer token instead of x-api-key.
  readApiKey: (request) => request.headers["x-api-key"] ?? bearerToken(request.headers),
  problem: problemReply,
  commonHeaders: (requestId) => ({ "request-id": `req_011C${requestId.slice(0, 20)}`, "anthropic-organization-id": "00000000-0000-4000-8000-000000000000" }),
  rateLimitHeaders(snapshot: RateLimitSnapshot, now: number) {
    // The combined tokens-* headers describe whichever of input and output is closer to its limit.
    const input = snapshot.inputTokens;
    const output = snapshot.outputTokens;
    const tightest = input.remaining / input.limit <= output.remaining / output.limit ? input : output;
    return {
      ...bucketHeaders("requests", snapshot.requests, now),
      ...bucketHeaders("input-tokens", input, now),
      ...bucketHeaders("output-tokens", output, now),
      ...bucketHeaders("tokens", tightest, now),
    };
  },
};
