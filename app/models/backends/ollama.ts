import { openAICompatibleBackend } from "./openai-compatible";

export const ollamaBackend = openAICompatibleBackend({
  id: "ollama",
  label: "Ollama (self-hosted)",
  region: "self-hosted",
  description: "Open models on your own machine or server through Ollama's OpenAI-compatible endpoint.",
  suggestedModels: ["llama3.1:8b", "qwen2.5:7b", "mistral-nemo"],
  defaultBaseUrl: "http://localhost:11434/v1",
  baseUrlEditable: true,
  apiKeyRequired: false,
  setupHint: "Run `ollama serve`; the operator must allow its host with PLUME_ALLOWED_MODEL_HOSTS.",
});
