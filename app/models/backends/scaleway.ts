import { openAICompatibleBackend } from "./openai-compatible";

export const scalewayBackend = openAICompatibleBackend({
  id: "scaleway",
  label: "Scaleway Generative APIs (EU)",
  region: "EU",
  description: "Open models hosted in Paris by Scaleway.",
  suggestedModels: ["llama-3.1-8b-instruct", "mistral-nemo-instruct-2407", "qwen2.5-coder-32b-instruct"],
  defaultBaseUrl: "https://api.scaleway.ai/v1",
  baseUrlEditable: true,
  apiKeyRequired: true,
  setupHint: "Create an API key in the Scaleway console → IAM → API keys.",
});
