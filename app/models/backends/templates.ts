import type { BackendDefinition } from "../types";

/** Templates' one "model" id: Plume's, not a name a merchant chose, so pages show the backend alone. */
export const TEMPLATES_MODEL_ID = "default";

/**
 * Offline templates: no network, no cost, deterministic. The copy pipeline
 * renders the shop's `{{variable}}` templates from product facts instead of
 * calling a model; the call contract treats it as one more backend.
 */
export const templatesBackend: BackendDefinition = {
  id: "templates",
  label: "Templates (offline)",
  region: "on-server",
  family: "templates",
  description: "Fills your own templates with product facts. Nothing leaves this server and nothing is billed.",
  suggestedModels: [TEMPLATES_MODEL_ID],
  capabilities: { structuredOutput: true, promptCaching: false, batch: false },
  baseUrlEditable: false,
  apiKeyRequired: false,
  setupHint: "Edit the templates under Settings → Copy.",
};
