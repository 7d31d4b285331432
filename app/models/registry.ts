import { z } from "zod";
import { anthropicBackend } from "./backends/anthropic";
import { customBackend } from "./backends/custom";
import { geminiBackend } from "./backends/gemini";
import { groqBackend } from "./backends/groq";
import { llamacppBackend } from "./backends/llamacpp";
import { lmstudioBackend } from "./backends/lmstudio";
import { mistralBackend } from "./backends/mistral";
import { ollamaBackend } from "./backends/ollama";
import { openaiBackend } from "./backends/openai";
import { openrouterBackend } from "./backends/openrouter";
import { ovhcloudBackend } from "./backends/ovhcloud";
import { scalewayBackend } from "./backends/scaleway";
import { templatesBackend } from "./backends/templates";
import { vllmBackend } from "./backends/vllm";
import type { BackendDefinition, DataRegion } from "./types";

/** Every backend Plume ships. Adding one: a module in backends/ and a line here. */
export const BUILT_IN_BACKENDS: readonly BackendDefinition[] = [
  templatesBackend,
  openaiBackend,
  anthropicBackend,
  geminiBackend,
  mistralBackend,
  ollamaBackend,
  vllmBackend,
  lmstudioBackend,
  llamacppBackend,
  scalewayBackend,
  ovhcloudBackend,
  openrouterBackend,
  groqBackend,
  customBackend,
];

/**
 * Backends the operator adds by configuration (PLUME_EXTRA_BACKENDS): another
 * base URL for a shipped family, e.g. a company gateway, or the local provider
 * emulators that `npm run demo` offers as "emulated" choices.
 */
export const extraBackendSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  extends: z.string(),
  label: z.string().min(1),
  baseUrl: z.url(),
  region: z.enum(["US", "EU", "self-hosted", "on-server"]).optional(),
  models: z.array(z.string()).optional(),
  hint: z.string().optional(),
  emulated: z.boolean().default(false),
  /** For an emulated entry: the key the emulator accepts, shown in the set-up hint in the merchant's language. */
  emulatedKey: z.string().optional(),
});
export type ExtraBackend = z.infer<typeof extraBackendSchema>;

export class UnknownBackendError extends Error {
  override name = "UnknownBackendError";
  constructor(
    readonly backendId: string,
    readonly known: readonly string[],
  ) {
    super(`Unknown model backend "${backendId}". Known backends: ${known.join(", ")}`);
  }
}

export class BackendRegistry {
  private readonly byId = new Map<string, BackendDefinition>();

  constructor(backends: readonly BackendDefinition[]) {
    for (const backend of backends) {
      if (this.byId.has(backend.id)) throw new Error(`duplicate backend id ${backend.id}`);
      this.byId.set(backend.id, backend);
    }
  }

  static withExtras(extras: readonly ExtraBackend[], base: readonly BackendDefinition[] = BUILT_IN_BACKENDS): BackendRegistry {
    const known = new Map(base.map((backend) => [backend.id, backend]));
    const added = extras.map((extra): BackendDefinition => {
      const parent = known.get(extra.extends);
      if (!parent || parent.family === "templates") throw new UnknownBackendError(extra.extends, [...known.keys()]);
      return {
        ...parent,
        id: extra.id,
        label: extra.label,
        region: extra.region ?? parent.region,
        suggestedModels: extra.models ?? parent.suggestedModels,
        defaultBaseUrl: extra.baseUrl,
        baseUrlEditable: false,
        setupHint: extra.hint ?? parent.setupHint,
        emulated: extra.emulated,
        pricingBackendId: parent.pricingBackendId ?? parent.id,
        description: extra.emulated ? `${parent.description} (Local emulator of the real API: no real model is called.)` : parent.description,
        operator: {
          extendsId: parent.id,
          // The UI adds its own "(emulated)" in the merchant's language.
          label: extra.emulated ? extra.label.replace(/\s*\(emulated\)\s*$/i, "") : extra.label,
          hint: extra.hint ?? null,
          emulated: extra.emulated,
          emulatedKey: extra.emulatedKey ?? null,
        },
      };
    });
    return new BackendRegistry([...base, ...added]);
  }

  get(backendId: string): BackendDefinition {
    const backend = this.byId.get(backendId);
    if (!backend) throw new UnknownBackendError(backendId, [...this.byId.keys()]);
    return backend;
  }

  has(backendId: string): boolean {
    return this.byId.has(backendId);
  }

  list(options: { euOnly?: boolean } = {}): BackendDefinition[] {
    return [...this.byId.values()].filter((backend) => !options.euOnly || isAllowedWhenEuOnly(backend.region));
  }
}

/** The "EU / self-hosted only" switch keeps data in the EU, on the shop's own hardware, or on this server. */
export function isAllowedWhenEuOnly(region: DataRegion): boolean {
  return region !== "US";
}
