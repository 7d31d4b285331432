import { openAICompatibleBackend } from "./openai-compatible";
import { suggestedModelsFor } from "../prices";

export const openrouterBackend = openAICompatibleBackend({
  id: "openrouter",
  label: "OpenRouter",
  region: "US",
  description: "Many hosted models behind one key.",
  suggestedModels: suggestedModelsFor("openrouter"),
  defaultBaseUrl: "https://openrouter.ai/api/v1",
  baseUrlEditable: false,
  apiKeyRequired: true,
  setupHint: "Create a key at openrouter.ai/keys.",
});
