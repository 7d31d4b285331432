import { openAICompatibleBackend } from "./openai-compatible";

export const ovhcloudBackend = openAICompatibleBackend({
  id: "ovhcloud",
  label: "OVHcloud AI Endpoints (EU)",
  region: "EU",
  description: "Open models hosted in France by OVHcloud.",
  suggestedModels: ["Meta-Llama-3_3-70B-Instruct", "Mistral-Nemo-Instruct-2407"],
  defaultBaseUrl: "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1",
  baseUrlEditable: true,
  apiKeyRequired: true,
  setupHint: "Create a token in the OVHcloud control panel → AI Endpoints.",
});
