import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { BackendDefinition, DataRegion } from "../types";

/**
 * Servers and hosts that speak OpenAI's Chat Completions: each preset is one
 * small module calling this with its own defaults.
 */
export function openAICompatibleBackend(preset: {
  id: string;
  label: string;
  region: DataRegion;
  description: string;
  suggestedModels: readonly string[];
  defaultBaseUrl?: string;
  baseUrlEditable: boolean;
  apiKeyRequired: boolean;
  setupHint: string;
  promptCaching?: boolean;
  batch?: boolean;
}): BackendDefinition {
  return {
    ...preset,
    family: "openai-compatible",
    capabilities: { structuredOutput: true, promptCaching: preset.promptCaching ?? false, batch: preset.batch ?? false },
    createModel: ({ apiKey, baseUrl, fetch, modelId }) =>
      createOpenAICompatible({
        name: preset.id,
        baseURL: baseUrl ?? preset.defaultBaseUrl ?? "",
        apiKey,
        fetch,
        includeUsage: true,
        // Without this the JSON schema never reaches the server.
        supportsStructuredOutputs: true,
      })(modelId),
  };
}
