/**
 * The model-provider emulator: one node:http server speaking OpenAI, Anthropic,
 * Gemini, Mistral, Ollama and a generic OpenAI-compatible API under one prefix each,
 * so tests, the demo and benchmarks run the real AI SDK clients offline.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CONTROL_PREFIX, handleControlRequest } from "./core/control-api";
import { EmulatorState } from "./core/emulator-state";
import type { BehaviourController } from "./core/behaviour";
import type { FaultController } from "./core/faults";
import type { GroundTruthEntry } from "./core/ground-truth";
import { jsonReply, readEmulatorRequest, RequestBodyTooLargeError, writeReply, type EmulatorRequest } from "./core/http";
import type { PipelineResult } from "./core/pipeline";
import type { RecordedRequest } from "./core/request-log";
import type { Surface } from "./core/surface";
import { providerEmulatorOptionsSchema, type ProviderEmulatorOptions, type ProviderId } from "./options";
import { anthropicSurface } from "./surfaces/anthropic/surface";
import { compatibleSurface } from "./surfaces/compatible/surface";
import { geminiSurface } from "./surfaces/gemini/surface";
import { mistralSurface } from "./surfaces/mistral/surface";
import { ollamaSurface } from "./surfaces/ollama/surface";
import { openAISurface } from "./surfaces/openai/surface";

export type { ProviderEmulatorOptions, ProviderId } from "./options";
export { DEFAULT_PROVIDER_KEYS, DEFAULT_PROVIDER_MODELS } from "./options";
export type { Fault, FaultController, FaultKind } from "./core/faults";
export type { RecordedRequest } from "./core/request-log";
export type { BehaviourController, BehaviourMode, BehaviourSetting } from "./core/behaviour";
export type { GroundTruthEntry } from "./core/ground-truth";
export type { GroundTruthValue, LabelledSentence, InjectedViolation } from "./content/adversarial";

export interface RunningProviderEmulator {
  url: string;
  /** What to pass as `baseURL` to each AI SDK provider factory. */
  baseUrls: Record<ProviderId, string>;
  close(): Promise<void>;
  faults: FaultController;
  /** Adversarial modes for the next N requests, or as the default: `behaviour.set({ mode: "obedient" })`. */
  behaviour: BehaviourController;
  /** What the adversarial modes did, per model request; the same array throughout. */
  groundTruth: GroundTruthEntry[];
  /** Every provider request since start or the last reset, keys masked; the same array throughout. */
  requests: RecordedRequest[];
  /** Clears recorded requests, pending faults, rate-limit buckets, prompt caches, behaviour settings and ground truth. */
  reset(): void;
}

const SURFACES: readonly Surface[] = [openAISurface, anthropicSurface, geminiSurface, mistralSurface, ollamaSurface, compatibleSurface];

/**
 * The part of each base URL after the prefix, matching what the SDK appends to it.
 * Exported for benchmarks that run the emulator in a child process and only know its URL.
 */
export const PROVIDER_BASE_PATHS: Readonly<Record<ProviderId, string>> = {
  openai: "/openai/v1",
  anthropic: "/anthropic/v1",
  gemini: "/gemini/v1beta",
  mistral: "/mistral/v1",
  ollama: "/ollama",
  compatible: "/compatible/v1",
};

function surfaceFor(path: string): Surface | undefined {
  return SURFACES.find((surface) => path === surface.prefix || path.startsWith(`${surface.prefix}/`));
}

async function answer(state: EmulatorState, request: EmulatorRequest): Promise<PipelineResult> {
  if (request.path === CONTROL_PREFIX || request.path.startsWith(`${CONTROL_PREFIX}/`)) return { type: "reply", reply: handleControlRequest(state, request) };
  const surface = surfaceFor(request.path);
  if (surface === undefined) {
    return { type: "reply", reply: jsonReply(404, { error: `no emulated provider serves ${request.path}`, prefixes: SURFACES.map((candidate) => candidate.prefix) }) };
  }
  const entry = state.log.record(surface.provider, request, new Date(state.now()));
  const path = request.path.slice(surface.prefix.length) || "/";
  const handler = surface.route(request.method, path);
  const result = handler === undefined ? { type: "reply" as const, reply: surface.dialect.problem({ kind: "route_not_found", method: request.method, path }) } : await handler(state, request, entry.sequence);
  if (result.type === "reply") entry.status = result.reply.status;
  return result;
}

export async function startProviderEmulator(options: ProviderEmulatorOptions = {}): Promise<RunningProviderEmulator> {
  const resolved = providerEmulatorOptionsSchema.parse(options);
  const state = new EmulatorState(resolved);

  const server = createServer((incoming, response: ServerResponse) => {
    void (async () => {
      try {
        const result = await answer(state, await readEmulatorRequest(incoming));
        // A hanging request is answered by nobody: the client times out, or close() drops the socket.
        if (result.type === "reply" && !response.destroyed) writeReply(response, result.reply);
      } catch (error) {
        if (response.headersSent || response.destroyed) return;
        const status = error instanceof RequestBodyTooLargeError ? 413 : 500;
        writeReply(response, jsonReply(status, { error: "provider emulator failure", message: error instanceof Error ? error.message : String(error) }));
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const baseUrls = Object.fromEntries(Object.entries(PROVIDER_BASE_PATHS).map(([provider, path]) => [provider, `${url}${path}`])) as Record<ProviderId, string>;

  return {
    url,
    baseUrls,
    faults: state.faults,
    behaviour: state.behaviour,
    groundTruth: state.truth.entries,
    requests: state.log.entries,
    reset: () => state.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        state.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
