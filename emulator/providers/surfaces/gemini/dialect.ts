/**
 * Gemini API errors (google.rpc.Status in an `error` envelope). Gemini sends no
 * rate-limit headers and no Retry-After: a 429 says when to retry in the body,
 * in a google.rpc.RetryInfo detail.
 */
import type { ProviderDialect, ProviderProblem } from "../../core/dialect";
import { jsonReply, type Reply } from "../../core/http";

function googleError(code: number, status: string, message: string, details?: unknown[]): Reply {
  return jsonReply(code, { error: { code, message, status, ...(details !== undefined && { details }) } });
}

const HELP = { "@type": "type.googleapis.com/google.rpc.Help", links: [{ description: "Learn more about Gemini API quotas", url: "https://ai.google.dev/gemini-api/docs/rate-limits" }] };
const QUOTA_MESSAGE =
  "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.";

function quotaFailure(model: string, quotaId: string, metric: string, limit: number): unknown {
  return {
    "@type": "type.googleapis.com/google.rpc.QuotaFailure",
    violations: [
      {
        quotaMetric: `generativelanguage.googleapis.com/${metric}`,
        quotaId,
        quotaDimensions: { location: "global", model },
        quotaValue: String(limit),
      },
    ],
  };
}

function problemReply(problem: ProviderProblem): Reply {
  switch (problem.kind) {
    case "missing_key":
      return googleError(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
    case "invalid_key":
      // Gemini answers a wrong key with 400, not 401.
      return googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [
        { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com", metadata: { service: "generativelanguage.googleapis.com" } },
        { "@type": "type.googleapis.com/google.rpc.LocalizedMessage", locale: "en-US", message: "API key not valid. Please pass a valid API key." },
      ]);
    case "model_not_found":
      return googleError(
        404,
        "NOT_FOUND",
        `models/${problem.model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
      );
    case "invalid_request":
      return googleError(400, "INVALID_ARGUMENT", problem.message);
    case "route_not_found":
      return googleError(404, "NOT_FOUND", "Requested entity was not found.");
    case "rate_limit":
      return googleError(429, "RESOURCE_EXHAUSTED", QUOTA_MESSAGE, [
        quotaFailure(problem.model, "GenerateRequestsPerMinutePerProjectPerModel", "generate_content_requests", problem.limit),
        HELP,
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${problem.retryAfterSeconds}s` },
      ]);
    case "server_error":
      return googleError(500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
    case "unavailable":
      return googleError(503, "UNAVAILABLE", "The service is currently unavailable.");
    case "overloaded":
      return googleError(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
    case "daily_quota":
    case "insufficient_quota":
    case "spend_limit": // no distinct Gemini API shape for these: the daily quota is its account refusal
    case "billing":
      // The free tier's requests-per-day quota (250 for gemini-2.5-flash in a public report of this
      // body): QuotaFailure with a PerDay quota id and no RetryInfo; it resets at midnight Pacific.
      return googleError(429, "RESOURCE_EXHAUSTED", QUOTA_MESSAGE, [
        quotaFailure(problem.model, "GenerateRequestsPerDayPerProjectPerModel-FreeTier", "generate_content_free_tier_requests", 250),
        HELP,
      ]);
  }
}

export const geminiDialect: ProviderDialect = {
  provider: "gemini",
  readApiKey: (request) => request.headers["x-goog-api-key"] ?? request.query.get("key") ?? undefined,
  problem: problemReply,
  commonHeaders: () => ({}),
  rateLimitHeaders: () => ({}),
};
