import { createOpenAI } from "@ai-sdk/openai";
import type { BackendDefinition } from "../types";
import { suggestedModelsFor } from "../prices";

export const openaiBackend: BackendDefinition = {
  id: "openai",
  label: "OpenAI",
  region: "US",
  family: "openai",
  description: "GPT models through the Responses API, with strict structured outputs and automatic prompt caching.",
  suggestedModels: suggestedModelsFor("openai"),
  capabilities: { structuredOutput: true, promptCaching: true, batch: true },
  defaultBaseUrl: "https://api.openai.com/v1",
  baseUrlEditable: false,
  apiKeyRequired: true,
  setupHint: "Create a key at platform.openai.com → API keys.",
  createModel: ({ apiKey, baseUrl, fetch, modelId }) => createOpenAI({ apiKey, baseURL: baseUrl, fetch })(modelId),
};
