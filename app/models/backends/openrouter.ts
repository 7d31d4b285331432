import { openAICompatibleBackend } from "./openai-compatible";

export const openrouterBackend = openAICompatibleBackend({
  id: "openrouter",
  label: "OpenRouter",
  region: "US",
  description: "Many hosted models behind one key.",
  suggestedModels: ["openai/gpt-4.1-mini", "anthropic/claude-3.5-haiku", "mistralai/mistral-small"],
  defaultBaseUrl: "https://openrouter.ai/api/v1",
  baseUrlEditable: false,
  apiKeyRequired: true,
  setupHint: "Create a key at openrouter.ai/keys.",
});
