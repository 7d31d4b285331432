import { createGoogleGenerativeAI } from "@ai-sdk/google";
import type { BackendDefinition } from "../types";
import { suggestedModelsFor } from "../prices";

export const geminiBackend: BackendDefinition = {
  id: "gemini",
  label: "Google Gemini",
  region: "US",
  family: "google",
  description: "Gemini models through generateContent, with JSON-schema output and implicit caching of repeated prefixes.",
  suggestedModels: suggestedModelsFor("gemini"),
  capabilities: { structuredOutput: true, promptCaching: true, batch: true },
  defaultBaseUrl: "https://generativelanguage.googleapis.com/v1beta",
  baseUrlEditable: false,
  apiKeyRequired: true,
  setupHint: "Create a key in Google AI Studio → Get API key.",
  createModel: ({ apiKey, baseUrl, fetch, modelId }) => createGoogleGenerativeAI({ apiKey, baseURL: baseUrl, fetch })(modelId),
};
