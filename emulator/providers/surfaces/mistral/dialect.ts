/**
 * Mistral's errors and headers. Its gateway answers auth failures with a bare
 * `{ message, request_id }`, and everything past the gateway with
 * `{ object: "error", message, type, param, code }`.
 */
import { randomBytes } from "node:crypto";
import type { ProviderDialect, ProviderProblem } from "../../core/dialect";
import { bearerToken, jsonReply, type Reply } from "../../core/http";
import type { RateLimitSnapshot } from "../../core/rate-limiter";

function mistralError(status: number, message: string, type: string, code: string | null, headers: Record<string, string> = {}): Reply {
  return jsonReply(status, { object: "error", message, type, param: null, code }, headers);
}

function gatewayError(status: number, message: string): Reply {
  return jsonReply(status, { message, request_id: randomBytes(16).toString("hex") });
}

function problemReply(problem: ProviderProblem): Reply {
  switch (problem.kind) {
    case "missing_key":
      return gatewayError(401, "No API key found in request");
    case "invalid_key":
      return gatewayError(401, "Unauthorized");
    case "model_not_found":
      return mistralError(400, `Invalid model: ${problem.model}`, "invalid_model", "1500");
    case "invalid_request":
      return mistralError(422, problem.message, "invalid_request_error", null);
    case "route_not_found":
      return jsonReply(404, { detail: "Not Found" });
    case "rate_limit":
      return mistralError(429, "Rate limit exceeded", "rate_limited", "1300", { "retry-after": String(problem.retryAfterSeconds) });
    case "server_error":
      return mistralError(500, "Internal server error", "internal_server_error", null);
    case "unavailable":
      return mistralError(503, "Service unavailable", "service_unavailable", null);
    case "overloaded":
      return mistralError(503, "Service tier capacity exceeded for this model.", "invalid_request_error", null);
    case "insufficient_quota":
    case "spend_limit":
    case "billing":
    case "daily_quota":
      // Not a documented Mistral shape: 402 keeps the meaning (billing, never worth retrying).
      return mistralError(402, "Payment required: the workspace has no remaining credit.", "payment_required", null);
  }
}

export const mistralDialect: ProviderDialect = {
  provider: "mistral",
  readApiKey: (request) => bearerToken(request.headers),
  problem: problemReply,
  commonHeaders: (requestId) => ({ "mistral-correlation-id": requestId, "x-kong-request-id": requestId.slice(0, 16) }),
  rateLimitHeaders: (snapshot: RateLimitSnapshot) => ({
    "x-ratelimit-limit-req-minute": String(snapshot.requests.limit),
    "x-ratelimit-remaining-req-minute": String(snapshot.requests.remaining),
    "x-ratelimit-limit-tokens-minute": String(snapshot.tokens.limit),
    "x-ratelimit-remaining-tokens-minute": String(snapshot.tokens.remaining),
    "x-ratelimit-tokens-query-cost": String(snapshot.chargedTokens),
  }),
};
