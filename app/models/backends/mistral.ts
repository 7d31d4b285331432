import { createMistral } from "@ai-sdk/mistral";
import type { BackendDefinition } from "../types";

export const mistralBackend: BackendDefinition = {
  id: "mistral",
  label: "Mistral AI",
  region: "EU",
  family: "mistral",
  description: "Mistral's hosted models (La Plateforme, EU), with JSON-schema output.",
  suggestedModels: ["mistral-small-latest", "mistral-medium-latest", "ministral-8b-latest"],
  capabilities: { structuredOutput: true, promptCaching: false, batch: true },
  defaultBaseUrl: "https://api.mistral.ai/v1",
  baseUrlEditable: false,
  apiKeyRequired: true,
  setupHint: "Create a key at console.mistral.ai → API keys.",
  createModel: ({ apiKey, baseUrl, fetch, modelId }) => createMistral({ apiKey, baseURL: baseUrl, fetch })(modelId),
};
