import { openAICompatibleBackend } from "./openai-compatible";
import { suggestedModelsFor } from "../prices";

export const groqBackend = openAICompatibleBackend({
  id: "groq",
  label: "Groq",
  region: "US",
  description: "Fast inference of open models.",
  suggestedModels: suggestedModelsFor("groq"),
  defaultBaseUrl: "https://api.groq.com/openai/v1",
  baseUrlEditable: false,
  apiKeyRequired: true,
  setupHint: "Create a key at console.groq.com/keys.",
});
