import { z } from "zod";
import type { Database } from "~/db/client.server";
import type { ShopModelPolicy } from "./generate.server";
import { isAllowedWhenEuOnly, type BackendRegistry } from "./registry";
import { backendIdSchema, modelIdSchema } from "./ids";
import type { ChainEntry } from "./types";

/**
 * A shop's model settings: primary backend and model, fallback chain, the EU /
 * self-hosted switch and the monthly budget. Switching backend keeps
 * everything else (keys, history, brand voice) untouched.
 */
export const chainEntrySchema = z.object({ backendId: backendIdSchema, modelId: modelIdSchema });

export interface ModelSettingsView {
  primary: ChainEntry;
  fallbacks: ChainEntry[];
  euOnly: boolean;
  monthlyBudgetMicros: number | null;
}

export class InvalidModelSettingsError extends Error {
  override name = "InvalidModelSettingsError";
  constructor(
    readonly code: "unknown_backend" | "not_allowed_eu_only" | "too_many_fallbacks" | "fallback_is_primary" | "fallback_repeated",
    readonly backendId?: string,
  ) {
    super(`invalid model settings: ${code}${backendId ? ` (${backendId})` : ""}`);
  }
}

export const DEFAULT_MODEL_SETTINGS: ModelSettingsView = {
  primary: { backendId: "templates", modelId: "default" },
  fallbacks: [],
  euOnly: false,
  monthlyBudgetMicros: null,
};

export async function loadModelSettings(database: Database, shop: string): Promise<ModelSettingsView> {
  const row = await database.modelSettings.findUnique({ where: { shop } });
  if (!row) return DEFAULT_MODEL_SETTINGS;
  const fallbacks = z.array(chainEntrySchema).safeParse(JSON.parse(row.fallbackChain));
  return {
    primary: { backendId: row.primaryBackend, modelId: row.primaryModel },
    fallbacks: fallbacks.success ? fallbacks.data : [],
    euOnly: row.euOnly,
    monthlyBudgetMicros: row.monthlyBudgetMicros === null ? null : Number(row.monthlyBudgetMicros),
  };
}

function assertAllowed(registry: BackendRegistry, settings: ModelSettingsView) {
  for (const entry of [settings.primary, ...settings.fallbacks]) {
    if (!registry.has(entry.backendId)) throw new InvalidModelSettingsError("unknown_backend", entry.backendId);
    if (settings.euOnly && !isAllowedWhenEuOnly(registry.get(entry.backendId).region)) {
      throw new InvalidModelSettingsError("not_allowed_eu_only", entry.backendId);
    }
  }
  if (settings.fallbacks.length > 5) throw new InvalidModelSettingsError("too_many_fallbacks");
}

/** Applies a partial change and saves it; refuses a combination the EU switch forbids. */
export async function updateModelSettings(
  database: Database,
  registry: BackendRegistry,
  shop: string,
  change: Partial<ModelSettingsView>,
): Promise<ModelSettingsView> {
  const next = { ...(await loadModelSettings(database, shop)), ...change };
  assertAllowed(registry, next);
  const data = {
    primaryBackend: next.primary.backendId,
    primaryModel: next.primary.modelId,
    fallbackChain: JSON.stringify(next.fallbacks),
    euOnly: next.euOnly,
    monthlyBudgetMicros: next.monthlyBudgetMicros === null ? null : BigInt(next.monthlyBudgetMicros),
  };
  await database.modelSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
  return next;
}

export function policyFrom(settings: ModelSettingsView): ShopModelPolicy {
  return { chain: [settings.primary, ...settings.fallbacks], euOnly: settings.euOnly, monthlyBudgetMicros: settings.monthlyBudgetMicros };
}
