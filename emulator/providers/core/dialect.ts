/**
 * What differs between providers once the request is understood: where the key
 * travels, how errors look, which headers describe rate limits. Each surface
 * supplies one dialect; the request pipeline is shared.
 */
import type { ProviderId } from "../options";
import type { AccountFaultKind } from "./faults";
import type { EmulatorRequest, Reply } from "./http";
import type { RateLimitSnapshot } from "./rate-limiter";

export type ProviderProblem =
  | { kind: "missing_key" }
  | { kind: "invalid_key" }
  | { kind: "model_not_found"; model: string }
  | { kind: "invalid_request"; message: string; param?: string; code?: string }
  | { kind: "route_not_found"; method: string; path: string }
  | { kind: "rate_limit"; model: string; retryAfterSeconds: number; limitName: "requests" | "tokens"; limit: number }
  | { kind: "server_error" }
  | { kind: "unavailable" }
  | { kind: "overloaded" }
  /** `now` (epoch ms) dates messages such as Anthropic's "You will regain access on …". */
  | { kind: AccountFaultKind; model: string; now: number };

export interface ProviderDialect {
  readonly provider: ProviderId;
  /** The API key the client sent, wherever this provider expects it. */
  readApiKey(request: EmulatorRequest): string | undefined;
  /** The provider's real status, body and headers for a problem. */
  problem(problem: ProviderProblem): Reply;
  /** Headers on every answer (request ids, versions). */
  commonHeaders(requestId: string): Record<string, string>;
  /** Rate-limit headers as this provider names them; empty for providers that send none. */
  rateLimitHeaders(snapshot: RateLimitSnapshot, now: number): Record<string, string>;
}
