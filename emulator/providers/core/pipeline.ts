/**
 * The path every model request takes, in the order real APIs check things:
 * key, body, model, then injected faults, rate limits, latency, and the reply.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import { enforcedKeys, knownModels, type ProviderId } from "../options";
import { BEHAVIOUR_HEADER, splitKeyMode } from "./behaviour";
import { complete, estimateInputTokens, malformed, refuse } from "./completion";
import type { ProviderDialect, ProviderProblem } from "./dialect";
import type { EmulatorState } from "./emulator-state";
import { isAccountFault } from "./faults";
import { parseJsonBody, type EmulatorRequest, type Reply } from "./http";
import type { Completion, ModelCall } from "./model-call";
import { retryAfterSeconds } from "./rate-limiter";

export interface EndpointOutcome<Body> {
  body: Body;
  call: ModelCall;
  completion: Completion;
  /** The model declined (an injected refusal); `completion.text` holds its words. */
  refused: boolean;
  responseId: string;
  /** Epoch seconds. */
  createdAt: number;
  headers: Record<string, string>;
}

export interface ModelEndpoint<Body> {
  readonly dialect: ProviderDialect;
  readonly bodySchema: z.ZodType<Body>;
  modelOf(body: Body, request: EmulatorRequest): string;
  /** The neutral call, or the problem the real API answers with (unsupported field, bad schema…). */
  toCall(body: Body, model: string, request: EmulatorRequest): ModelCall | ProviderProblem;
  format(outcome: EndpointOutcome<Body>): Reply;
}

export type PipelineResult = { type: "reply"; reply: Reply } | { type: "hang" };

function isProblem(value: ModelCall | ProviderProblem): value is ProviderProblem {
  return "kind" in value;
}

/** Ollama answers to "llama3.2" and "llama3.2:latest" alike. */
export function isKnownModel(provider: ProviderId, model: string, known: readonly string[]): boolean {
  if (known.includes(model)) return true;
  if (provider !== "ollama") return false;
  const withTag = model.includes(":") ? model : `${model}:latest`;
  return known.some((candidate) => (candidate.includes(":") ? candidate : `${candidate}:latest`) === withTag);
}

/** The key check shared by model requests and model lists. */
export function authenticate(state: EmulatorState, dialect: ProviderDialect, request: EmulatorRequest): Reply | undefined {
  const keys = enforcedKeys(state.options, dialect.provider);
  if (keys === undefined) return undefined;
  const sent = dialect.readApiKey(request);
  if (sent === undefined) return withCommonHeaders(dialect, dialect.problem({ kind: "missing_key" }), request);
  // "sk-emulated-openai-obedient" is the key "sk-emulated-openai" asking for the obedient mode.
  const key = splitKeyMode(sent).key;
  if (!keys.includes(sent) && !keys.includes(key)) return withCommonHeaders(dialect, dialect.problem({ kind: "invalid_key" }), request);
  return undefined;
}

export function requestId(request: EmulatorRequest, sequence: number): string {
  return createHash("sha256").update(`${sequence}:${request.method}:${request.path}:${request.bodyText}`).digest("hex").slice(0, 24);
}

function withCommonHeaders(dialect: ProviderDialect, reply: Reply, request: EmulatorRequest): Reply {
  return { ...reply, headers: { ...dialect.commonHeaders(requestId(request, 0)), ...reply.headers } };
}

function zodProblem(error: z.ZodError): ProviderProblem {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join(".") ?? "";
  const param = path === "" ? undefined : path;
  return { kind: "invalid_request", message: `${path === "" ? "body" : path}: ${issue?.message ?? "invalid value"}`, ...(param === undefined ? {} : { param }) };
}

export async function runModelEndpoint<Body>(state: EmulatorState, endpoint: ModelEndpoint<Body>, request: EmulatorRequest, sequence: number): Promise<PipelineResult> {
  const { dialect } = endpoint;
  const id = requestId(request, sequence);
  const common = dialect.commonHeaders(id);
  const fail = (problem: ProviderProblem, headers: Record<string, string> = {}): PipelineResult => {
    const reply = dialect.problem(problem);
    return { type: "reply", reply: { ...reply, headers: { ...common, ...headers, ...reply.headers } } };
  };

  const unauthenticated = authenticate(state, dialect, request);
  if (unauthenticated !== undefined) return { type: "reply", reply: unauthenticated };

  const json = parseJsonBody(request.bodyText);
  if (json === undefined) return fail({ kind: "invalid_request", message: "We could not parse the JSON body of your request." });
  const parsed = endpoint.bodySchema.safeParse(json);
  if (!parsed.success) return fail(zodProblem(parsed.error));
  const body = parsed.data;

  const model = endpoint.modelOf(body, request);
  if (!isKnownModel(dialect.provider, model, knownModels(state.options, dialect.provider))) return fail({ kind: "model_not_found", model });
  const call = endpoint.toCall(body, model, request);
  if (isProblem(call)) return fail(call);

  const fault = state.faults.take(dialect.provider);
  if (fault?.kind === "timeout") return { type: "hang" };
  if (fault !== undefined && fault.kind !== "malformed_json" && fault.kind !== "refusal") {
    if (fault.kind === "rate_limit") {
      const snapshot = state.limiter.snapshot(dialect.provider);
      const problem: ProviderProblem = { kind: "rate_limit", model, retryAfterSeconds: fault.retryAfterSeconds, limitName: "requests", limit: snapshot.requests.limit };
      return fail(problem, dialect.rateLimitHeaders(snapshot, state.now()));
    }
    if (isAccountFault(fault.kind)) return fail({ kind: fault.kind, model, now: state.now() });
    return fail({ kind: fault.kind });
  }

  const admission = state.limiter.admit(dialect.provider, estimateInputTokens(call));
  if (!admission.admitted) {
    const headers = dialect.rateLimitHeaders(state.limiter.snapshot(dialect.provider), state.now());
    const problem: ProviderProblem = { kind: "rate_limit", model, retryAfterSeconds: retryAfterSeconds(admission.retryAfterMs), limitName: admission.limitName, limit: admission.limit };
    return fail(problem, headers);
  }

  await state.sleep(state.options.latencyMs);
  const refused = fault?.kind === "refusal";
  const sentKey = dialect.readApiKey(request);
  const mode = state.behaviour.resolve(dialect.provider, request.headers[BEHAVIOUR_HEADER], sentKey === undefined ? undefined : splitKeyMode(sentKey).mode);
  let generated: Completion;
  if (refused) generated = refuse(call, state.cache);
  else {
    const truthful = complete(call, state.cache, mode);
    state.truth.record({ sequence, provider: dialect.provider, model, mode, productTitle: truthful.productTitle, requestedLocale: truthful.requestedLocale, finish: truthful.finish, values: truthful.values });
    generated = { text: truthful.text, finish: truthful.finish, usage: truthful.usage };
  }
  const completion = fault?.kind === "malformed_json" ? malformed(generated) : generated;
  const snapshot = state.limiter.charge(dialect.provider, completion.usage.inputTokens, completion.usage.outputTokens);
  state.log.chargeTokens(dialect.provider, completion.usage.inputTokens, completion.usage.outputTokens);
  const headers = { ...common, ...dialect.rateLimitHeaders(snapshot, state.now()) };
  const reply = endpoint.format({ body, call, completion, refused, responseId: id, createdAt: Math.floor(state.now() / 1000), headers });
  return { type: "reply", reply: { ...reply, headers: { ...headers, ...reply.headers } } };
}
