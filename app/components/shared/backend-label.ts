import type { TFunction } from "i18next";

/**
 * A backend's name from its id alone (history, proposals and notices written by a backend
 * that may no longer be offered): the catalogue's words for a shipped backend ("Ollama
 * (auto-hébergé)"), else the registry's label, else the id. Where the page has the whole
 * backend, `backendLabel` in ~/i18n/backend-text words operator and emulated entries too.
 */
export function backendLabel(t: TFunction, backendId: string, label: string | undefined): string {
  return t(`backends.${backendId}.label`, { defaultValue: label ?? backendId });
}
