/**
 * A generic OpenAI-compatible host (vLLM, LM Studio, llama.cpp server, Scaleway,
 * OVHcloud, OpenRouter, Groq). Errors use OpenAI's envelope with Groq's wording, and
 * rate limits use the x-ratelimit-* names OpenAI and Groq share.
 */
import type { ProviderDialect, ProviderProblem } from "../../core/dialect";
import { bearerToken, type Reply } from "../../core/http";
import { openAIRateLimitHeaders } from "../openai/dialect";
import { openAIError } from "../shared/openai-errors";

function problemReply(problem: ProviderProblem): Reply {
  switch (problem.kind) {
    case "missing_key":
    case "invalid_key":
      return openAIError(401, { message: "Invalid API Key", type: "invalid_request_error", code: "invalid_api_key" });
    case "model_not_found":
      return openAIError(404, { message: `The model \`${problem.model}\` does not exist or you do not have access to it.`, type: "invalid_request_error", code: "model_not_found" });
    case "invalid_request":
      return openAIError(400, { message: problem.message, type: "invalid_request_error", param: problem.param ?? null });
    case "route_not_found":
      return openAIError(404, { message: "Unknown request URL. Please check the URL for typos, or see the docs.", type: "invalid_request_error", code: "unknown_url" });
    case "rate_limit": {
      const per = problem.limitName === "requests" ? "requests per minute (RPM)" : "tokens per minute (TPM)";
      return openAIError(
        429,
        {
          message: `Rate limit reached for model \`${problem.model}\` in organization \`org_emulated\` service tier \`on_demand\` on ${per}: Limit ${problem.limit}, Used ${problem.limit}, Requested 1. Please try again in ${problem.retryAfterSeconds}s.`,
          type: problem.limitName,
          code: "rate_limit_exceeded",
        },
        { "retry-after": String(problem.retryAfterSeconds) },
      );
    }
    case "server_error":
      return openAIError(500, { message: "Internal Server Error", type: "internal_server_error" });
    case "unavailable":
      return openAIError(503, { message: "Service Unavailable", type: "service_unavailable" });
    case "overloaded":
      return openAIError(503, { message: "The model is currently overloaded. Please try again later.", type: "service_unavailable", code: "model_overloaded" });
    case "insufficient_quota":
    case "spend_limit":
    case "billing":
    case "daily_quota":
      return openAIError(429, { message: "You exceeded your current quota, please check your plan and billing details.", type: "insufficient_quota", code: "insufficient_quota" });
  }
}

export const compatibleDialect: ProviderDialect = {
  provider: "compatible",
  readApiKey: (request) => bearerToken(request.headers),
  problem: problemReply,
  commonHeaders: (requestId) => ({ "x-request-id": `req_${requestId}` }),
  rateLimitHeaders: (snapshot) => openAIRateLimitHeaders(snapshot),
};
