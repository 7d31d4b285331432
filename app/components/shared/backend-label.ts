import type { TFunction } from "i18next";

/**
 * A backend's name in the merchant's language: the catalogue's words for a
 * shipped backend ("Ollama (auto-hébergé)"), the registry's label for one the
 * operator added by configuration, the id only when neither is known.
 */
export function backendLabel(t: TFunction, backendId: string, label: string | undefined): string {
  return t(`backends.${backendId}`, { defaultValue: label ?? backendId });
}
