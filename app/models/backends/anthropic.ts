import { createAnthropic } from "@ai-sdk/anthropic";
import type { BackendDefinition } from "../types";
import { suggestedModelsFor } from "../prices";

export const anthropicBackend: BackendDefinition = {
  id: "anthropic",
  label: "Anthropic Claude",
  region: "US",
  family: "anthropic",
  description: "Claude models through the Messages API; the instructions prefix is cached with cache_control.",
  suggestedModels: suggestedModelsFor("anthropic"),
  capabilities: { structuredOutput: true, promptCaching: true, batch: true },
  defaultBaseUrl: "https://api.anthropic.com/v1",
  baseUrlEditable: false,
  apiKeyRequired: true,
  setupHint: "Create a key at console.anthropic.com → API keys.",
  cacheControl: "anthropic-ephemeral",
  createModel: ({ apiKey, baseUrl, fetch, modelId }) => createAnthropic({ apiKey, baseURL: baseUrl, fetch })(modelId),
};
