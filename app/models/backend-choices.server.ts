import type { Database } from "~/db/client.server";
import type { BackendWording } from "~/i18n/backend-text";
import { modelRegistry } from "./runtime.server";
import { loadModelSettings } from "./settings.server";
import { backendReadiness } from "./settings-form.server";

export interface BackendChoice extends BackendWording {
  label: string;
  suggestedModels: string[];
  /** key present (or not needed) and configured: a run can use it now */
  ready: boolean;
}

/**
 * The run picker's choices for one shop (the Product page's and a bulk job's): the
 * backends the EU switch allows, with their readiness, the shop's primary choice, and
 * every backend's wording for proposals written by one no longer offered.
 */
export async function loadBackendChoices(database: Database, shop: string) {
  const [modelSettings, ready] = await Promise.all([loadModelSettings(database, shop), backendReadiness(database, shop)]);
  const registry = modelRegistry();
  const backends: BackendChoice[] = registry
    .list({ euOnly: modelSettings.euOnly })
    .map((backend) => ({ id: backend.id, label: backend.label, operator: backend.operator ?? null, suggestedModels: [...backend.suggestedModels], ready: ready.get(backend.id) ?? false }));
  const backendWordings: BackendWording[] = registry.list().map((backend) => ({ id: backend.id, operator: backend.operator ?? null }));
  return { primary: modelSettings.primary, backends, backendWordings };
}
