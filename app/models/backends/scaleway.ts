import { openAICompatibleBackend } from "./openai-compatible";
import { suggestedModelsFor } from "../prices";

export const scalewayBackend = openAICompatibleBackend({
  id: "scaleway",
  label: "Scaleway Generative APIs (EU)",
  region: "EU",
  description: "Open models hosted in Paris by Scaleway.",
  suggestedModels: suggestedModelsFor("scaleway"),
  defaultBaseUrl: "https://api.scaleway.ai/v1",
  baseUrlEditable: true,
  apiKeyRequired: true,
  setupHint: "Create an API key in the Scaleway console → IAM → API keys.",
});
