import { createMistral } from "@ai-sdk/mistral";
import type { BackendDefinition } from "../types";
import { suggestedModelsFor } from "../prices";

export const mistralBackend: BackendDefinition = {
  id: "mistral",
  label: "Mistral AI",
  region: "EU",
  family: "mistral",
  description: "Mistral's hosted models (La Plateforme, EU), with JSON-schema output.",
  suggestedModels: suggestedModelsFor("mistral"),
  capabilities: { structuredOutput: true, promptCaching: false, batch: true },
  defaultBaseUrl: "https://api.mistral.ai/v1",
  baseUrlEditable: false,
  apiKeyRequired: true,
  setupHint: "Create a key at console.mistral.ai → API keys.",
  createModel: ({ apiKey, baseUrl, fetch, modelId }) => createMistral({ apiKey, baseURL: baseUrl, fetch })(modelId),
};
