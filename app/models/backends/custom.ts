import { openAICompatibleBackend } from "./openai-compatible";

export const customBackend = openAICompatibleBackend({
  id: "custom",
  label: "Custom OpenAI-compatible endpoint",
  region: "self-hosted",
  description: "Any server that speaks OpenAI's Chat Completions with JSON-schema output.",
  suggestedModels: [],
  baseUrlEditable: true,
  apiKeyRequired: false,
  setupHint: "Enter the server's /v1 base URL; private addresses need the operator's allow-list.",
});
