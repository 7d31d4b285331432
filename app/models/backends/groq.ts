import { openAICompatibleBackend } from "./openai-compatible";

export const groqBackend = openAICompatibleBackend({
  id: "groq",
  label: "Groq",
  region: "US",
  description: "Fast inference of open models.",
  suggestedModels: ["llama-3.1-8b-instant", "llama-3.3-70b-versatile"],
  defaultBaseUrl: "https://api.groq.com/openai/v1",
  baseUrlEditable: false,
  apiKeyRequired: true,
  setupHint: "Create a key at console.groq.com/keys.",
});
