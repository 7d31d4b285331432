import type { LanguageModel } from "ai";

/**
 * The model layer's boundary types. Everything outside app/models talks to
 * models through these, never through a provider SDK.
 */
export type DataRegion = "US" | "EU" | "self-hosted" | "on-server";

export type BackendFamily = "openai" | "anthropic" | "google" | "mistral" | "openai-compatible" | "templates";

export interface BackendCapabilities {
  structuredOutput: boolean;
  promptCaching: boolean;
  batch: boolean;
}

/** What a backend needs to build a model for one call. */
export interface ModelConnection {
  modelId: string;
  apiKey?: string;
  baseUrl?: string;
  fetch: typeof fetch;
}

export interface BackendDefinition {
  /** Stable id stored in settings and the ledger, e.g. "openai", "ollama", "emulated-openai". */
  id: string;
  label: string;
  region: DataRegion;
  family: BackendFamily;
  description: string;
  suggestedModels: readonly string[];
  capabilities: BackendCapabilities;
  /** Where requests go unless the merchant sets a base URL (for editable ones). */
  defaultBaseUrl?: string;
  baseUrlEditable: boolean;
  /** Self-hosted servers often need no key. */
  apiKeyRequired: boolean;
  /** Where to get a key or how to run the server, shown under the key field. */
  setupHint: string;
  /** Whose prices apply: the backend itself, or the shipped backend an operator's entry extends. */
  pricingBackendId?: string;
  /** A backend added by the operator for local emulation; labelled as such in the UI. */
  emulated?: boolean;
  /**
   * An operator's entry (PLUME_EXTRA_BACKENDS): what it extends and the words the operator
   * gave it. Shipped backends have none: the UI words them from the catalogues by id.
   */
  operator?: { extendsId: string; label: string; hint: string | null; emulated: boolean; emulatedKey: string | null };
  /** Builds the AI SDK model for this backend; absent for Templates. */
  createModel?: (connection: ModelConnection) => LanguageModel;
  /** Provider options that switch on prompt caching for the stable prefix, where the provider has it. */
  cacheControl?: "anthropic-ephemeral";
}

/** One entry of the ordered chain a shop's calls go through. */
export interface ChainEntry {
  backendId: string;
  modelId: string;
}
