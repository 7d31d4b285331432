import { openAICompatibleBackend } from "./openai-compatible";

export const llamacppBackend = openAICompatibleBackend({
  id: "llamacpp",
  label: "llama.cpp server (self-hosted)",
  region: "self-hosted",
  description: "A GGUF model served by llama.cpp's llama-server.",
  suggestedModels: ["default"],
  defaultBaseUrl: "http://localhost:8080/v1",
  baseUrlEditable: true,
  apiKeyRequired: false,
  setupHint: "Run `llama-server -m model.gguf`.",
});
