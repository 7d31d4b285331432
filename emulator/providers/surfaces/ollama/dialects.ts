/**
 * Ollama answers its native API with `{ "error": "…" }` and its OpenAI-compatible
 * /v1 with OpenAI's envelope. It has no keys of its own (a proxy may add them) and
 * sends no rate-limit headers; a full queue is its 503 "server busy".
 */
import type { ProviderDialect, ProviderProblem } from "../../core/dialect";
import { bearerToken, jsonReply, textReply, type Reply } from "../../core/http";
import { openAIError } from "../shared/openai-errors";

function notFoundMessage(model: string): string {
  return `model "${model}" not found, try pulling it first`;
}

const BUSY = "server busy, please try again.  maximum pending requests exceeded";

function nativeProblem(problem: ProviderProblem): Reply {
  const error = (status: number, message: string, headers: Record<string, string> = {}) => jsonReply(status, { error: message }, headers);
  switch (problem.kind) {
    case "missing_key":
    case "invalid_key":
      return error(401, "unauthorized");
    case "model_not_found":
      return error(404, notFoundMessage(problem.model));
    case "invalid_request":
      return error(400, problem.message);
    case "route_not_found":
      // Ollama's Go router answers unknown paths in plain text.
      return textReply(404, "404 page not found", "text/plain; charset=utf-8");
    case "rate_limit":
      return error(429, "too many requests", { "retry-after": String(problem.retryAfterSeconds) });
    case "server_error":
      return error(500, "llama runner process has terminated: exit status 2");
    case "unavailable":
    case "overloaded":
      return error(503, BUSY);
    case "insufficient_quota":
    case "spend_limit":
    case "billing":
    case "daily_quota":
      return error(429, "you have reached your usage limit, please upgrade to continue");
  }
}

function openAIStyleProblem(problem: ProviderProblem): Reply {
  switch (problem.kind) {
    case "missing_key":
    case "invalid_key":
      return openAIError(401, { message: "unauthorized", type: "api_error" });
    case "model_not_found":
      return openAIError(404, { message: notFoundMessage(problem.model), type: "api_error" });
    case "invalid_request":
      return openAIError(400, { message: problem.message, type: "invalid_request_error", param: problem.param ?? null });
    case "route_not_found":
      return textReply(404, "404 page not found", "text/plain; charset=utf-8");
    case "rate_limit":
      return openAIError(429, { message: "too many requests", type: "api_error" }, { "retry-after": String(problem.retryAfterSeconds) });
    case "server_error":
      return openAIError(500, { message: "llama runner process has terminated: exit status 2", type: "api_error" });
    case "unavailable":
    case "overloaded":
      return openAIError(503, { message: BUSY, type: "api_error" });
    case "insufficient_quota":
    case "spend_limit":
    case "billing":
    case "daily_quota":
      return openAIError(429, { message: "you have reached your usage limit, please upgrade to continue", type: "api_error" });
  }
}

const shared = {
  provider: "ollama" as const,
  readApiKey: (request: Parameters<ProviderDialect["readApiKey"]>[0]) => bearerToken(request.headers),
  commonHeaders: () => ({}),
  rateLimitHeaders: () => ({}),
};

export const ollamaNativeDialect: ProviderDialect = { ...shared, problem: nativeProblem };
export const ollamaOpenAIDialect: ProviderDialect = { ...shared, problem: openAIStyleProblem };
