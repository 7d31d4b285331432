import { createAnthropic } from "@ai-sdk/anthropic";
import type { BackendDefinition } from "../types";

export const anthropicBackend: BackendDefinition = {
  id: "anthropic",
  label: "Anthropic Claude",
  region: "US",
  family: "anthropic",
  description: "Claude models through the Messages API; the instructions prefix is cached with cache_control.",
  suggestedModels: ["claude-haiku-4-5", "claude-sonnet-4-5", "claude-3-5-haiku-latest"],
  capabilities: { structuredOutput: true, promptCaching: true, batch: true },
  defaultBaseUrl: "https://api.anthropic.com/v1",
  baseUrlEditable: false,
  apiKeyRequired: true,
  setupHint: "Create a key at console.anthropic.com → API keys.",
  cacheControl: "anthropic-ephemeral",
  createModel: ({ apiKey, baseUrl, fetch, modelId }) => createAnthropic({ apiKey, baseURL: baseUrl, fetch })(modelId),
};
