import { openAICompatibleBackend } from "./openai-compatible";

export const lmstudioBackend = openAICompatibleBackend({
  id: "lmstudio",
  label: "LM Studio (self-hosted)",
  region: "self-hosted",
  description: "Models loaded in LM Studio's local server.",
  suggestedModels: ["qwen2.5-7b-instruct", "llama-3.1-8b-instruct"],
  defaultBaseUrl: "http://localhost:1234/v1",
  baseUrlEditable: true,
  apiKeyRequired: false,
  setupHint: "Start the server in LM Studio → Developer.",
});
