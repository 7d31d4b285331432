/** OpenAI's errors and headers, as api.openai.com sends them. */
import type { ProviderDialect, ProviderProblem } from "../../core/dialect";
import { bearerToken, type Reply } from "../../core/http";
import { formatResetDuration, type RateLimitSnapshot } from "../../core/rate-limiter";
import { openAIError } from "../shared/openai-errors";

function problemReply(problem: ProviderProblem): Reply {
  switch (problem.kind) {
    case "missing_key":
      return openAIError(401, {
        message:
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
        type: "invalid_request_error",
      });
    case "invalid_key":
      return openAIError(401, {
        message: "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
        type: "invalid_request_error",
        code: "invalid_api_key",
      });
    case "model_not_found":
      return openAIError(404, { message: `The model \`${problem.model}\` does not exist or you do not have access to it.`, type: "invalid_request_error", code: "model_not_found" });
    case "invalid_request":
      return openAIError(400, { message: problem.message, type: "invalid_request_error", param: problem.param ?? null, code: problem.code ?? null });
    case "route_not_found":
      return openAIError(404, { message: `Invalid URL (${problem.method} ${problem.path})`, type: "invalid_request_error" });
    case "rate_limit": {
      const per = problem.limitName === "requests" ? "requests per min (RPM)" : "tokens per min (TPM)";
      return openAIError(
        429,
        {
          message: `Rate limit reached for ${problem.model} in organization org-emulated on ${per}: Limit ${problem.limit}, Used ${problem.limit}, Requested 1. Please try again in ${problem.retryAfterSeconds}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
          type: problem.limitName,
          code: "rate_limit_exceeded",
        },
        { "retry-after": String(problem.retryAfterSeconds) },
      );
    }
    case "server_error":
      return openAIError(500, { message: "The server had an error while processing your request. Sorry about that!", type: "server_error" });
    case "unavailable":
      return openAIError(503, { message: "The server is overloaded or not ready yet.", type: "server_error" });
    case "overloaded":
      return openAIError(503, { message: "The engine is currently overloaded, please try again later.", type: "server_error" });
    case "spend_limit":
      // The hard billing limit, as public error reports quote it: a 400, no retry-after.
      return openAIError(400, { message: "Billing hard limit has been reached", type: "invalid_request_error", code: "billing_hard_limit_reached" });
    case "billing":
      // Access paused for billing (failed payment, expired credit): a 429 without retry-after.
      return openAIError(429, { message: "Your account is not active, please check your billing details on our website.", type: "billing_not_active", code: "billing_not_active" });
    case "insufficient_quota":
    case "daily_quota": // OpenAI has no daily quota on paid tiers: the nearest account refusal
      return openAIError(429, {
        message:
          "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
        type: "insufficient_quota",
        code: "insufficient_quota",
      });
  }
}

/** x-ratelimit-* as OpenAI names them; Groq and most OpenAI-compatible hosts use the same names. */
export function openAIRateLimitHeaders(snapshot: RateLimitSnapshot): Record<string, string> {
  return {
    "x-ratelimit-limit-requests": String(snapshot.requests.limit),
    "x-ratelimit-limit-tokens": String(snapshot.tokens.limit),
    "x-ratelimit-remaining-requests": String(snapshot.requests.remaining),
    "x-ratelimit-remaining-tokens": String(snapshot.tokens.remaining),
    "x-ratelimit-reset-requests": formatResetDuration(snapshot.requests.resetMs),
    "x-ratelimit-reset-tokens": formatResetDuration(snapshot.tokens.resetMs),
  };
}

export const openAIDialect: ProviderDialect = {
  provider: "openai",
  readApiKey: (request) => bearerToken(request.headers),
  problem: problemReply,
  commonHeaders: (requestId) => ({ "x-request-id": `req_${requestId}`, "openai-version": "2020-10-01", "openai-organization": "org-emulated" }),
  rateLimitHeaders: (snapshot) => openAIRateLimitHeaders(snapshot),
};
