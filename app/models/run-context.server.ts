import type { Database } from "~/db/client.server";
import type { ConnectionEnvironment } from "./connections.server";
import type { GenerationContext } from "./generate.server";
import { isAllowedWhenEuOnly, type BackendRegistry } from "./registry";
import { connectionEnvironment, modelRegistry } from "./runtime.server";
import { loadModelSettings, policyFrom, type ModelSettingsView } from "./settings.server";
import type { ChainEntry } from "./types";

/**
 * The model side of a run, assembled once: the shop's settings, its policy (chain,
 * EU switch, budget), the registry and the connection environment. A single-product
 * run and a bulk job build it the same way, then call the model per product with it.
 */
export interface ModelEnvironment {
  registry: BackendRegistry;
  connections: ConnectionEnvironment;
}

/** The process's configured registry and connections (tests and scripts pass their own). */
export function defaultModelEnvironment(): ModelEnvironment {
  return { registry: modelRegistry(), connections: connectionEnvironment() };
}

export interface ModelRunChoice {
  backendId?: string;
  modelId?: string;
}

export type ModelRunContext =
  | {
      ok: true;
      context: GenerationContext;
      settings: ModelSettingsView;
      /** the backend and model asked for: the run's choice, else the shop's primary */
      asked: ChainEntry | undefined;
    }
  | { ok: false; error: "not_allowed_eu_only" };

/**
 * A one-off backend and model for this run go first; the shop's fallbacks still follow.
 * A choice the EU / self-hosted switch forbids is refused rather than silently replaced.
 */
export async function loadModelRunContext(
  database: Database,
  shop: string,
  choice: ModelRunChoice,
  environment: ModelEnvironment = defaultModelEnvironment(),
  options: { jobId?: string } = {},
): Promise<ModelRunContext> {
  const settings = await loadModelSettings(database, shop);
  const { registry, connections } = environment;
  const policy = policyFrom(settings);
  if (choice.backendId && choice.modelId && registry.has(choice.backendId)) {
    if (settings.euOnly && !isAllowedWhenEuOnly(registry.get(choice.backendId).region)) return { ok: false, error: "not_allowed_eu_only" };
    policy.chain = [{ backendId: choice.backendId, modelId: choice.modelId }, ...settings.fallbacks];
  }
  const context: GenerationContext = { database, registry, connections, policy, ...(options.jobId ? { jobId: options.jobId } : {}) };
  return { ok: true, context, settings, asked: policy.chain[0] };
}
