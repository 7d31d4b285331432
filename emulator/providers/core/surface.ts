/** A provider's HTTP surface: the path prefix it lives under and the routes below it. */
import { knownModels, type ProviderId } from "../options";
import type { ProviderDialect } from "./dialect";
import type { EmulatorState } from "./emulator-state";
import type { EmulatorRequest, Reply } from "./http";
import { authenticate, runModelEndpoint, type ModelEndpoint, type PipelineResult } from "./pipeline";

export type RouteHandler = (state: EmulatorState, request: EmulatorRequest, sequence: number) => Promise<PipelineResult> | PipelineResult;

export interface Surface {
  readonly provider: ProviderId;
  /** e.g. "/openai"; the provider's own paths follow it unchanged. */
  readonly prefix: string;
  /** Answers unknown paths the way the provider does. */
  readonly dialect: ProviderDialect;
  /** `path` is relative to the prefix, e.g. "/v1/responses". */
  route(method: string, path: string): RouteHandler | undefined;
}

/** A route that runs a model endpoint through the shared pipeline. */
export function modelRoute<Body>(endpoint: ModelEndpoint<Body>): RouteHandler {
  return (state, request, sequence) => runModelEndpoint(state, endpoint, request, sequence);
}

/** A model-list route: the provider's key check, then its own list shape built from the configured models. */
export function modelListRoute(dialect: ProviderDialect, list: (models: readonly string[], request: EmulatorRequest) => Reply): RouteHandler {
  return (state, request) => ({ type: "reply", reply: authenticate(state, dialect, request) ?? list(knownModels(state.options, dialect.provider), request) });
}
