import { openAICompatibleBackend } from "./openai-compatible";
import { suggestedModelsFor } from "../prices";

export const ovhcloudBackend = openAICompatibleBackend({
  id: "ovhcloud",
  label: "OVHcloud AI Endpoints (EU)",
  region: "EU",
  description: "Open models hosted in France by OVHcloud.",
  suggestedModels: suggestedModelsFor("ovhcloud"),
  defaultBaseUrl: "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1",
  baseUrlEditable: true,
  apiKeyRequired: true,
  setupHint: "Create a token in the OVHcloud control panel → AI Endpoints.",
});
