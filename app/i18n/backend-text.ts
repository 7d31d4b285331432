import type { TFunction } from "i18next";

/** What the page knows about a backend to word it: shipped ones by id, an operator's entry by what it extends. */
export interface BackendWording {
  id: string;
  /** The operator's own entry (PLUME_EXTRA_BACKENDS), or null for a shipped backend. */
  operator: { extendsId: string; label: string; hint: string | null; emulated: boolean; emulatedKey: string | null } | null;
}

/**
 * A backend's label, description and set-up hint in the merchant's language.
 * Shipped backends are worded by the catalogues (`backends.<id>.*`); an
 * operator's entry keeps the label the operator gave it, and an emulated one
 * is worded by the app around its brand name.
 */
export function backendText(t: TFunction, backend: BackendWording): { label: string; description: string; hint: string } {
  const { operator } = backend;
  if (!operator) {
    return { label: t(`backends.${backend.id}.label`), description: t(`backends.${backend.id}.description`), hint: t(`backends.${backend.id}.hint`) };
  }
  const parentDescription = t(`backends.${operator.extendsId}.description`);
  if (operator.emulated) {
    return {
      label: t("backends.emulated.label", { label: operator.label }),
      description: `${parentDescription} ${t("backends.emulated.note")}`,
      hint: operator.emulatedKey ? t("backends.emulated.hintKey", { key: operator.emulatedKey }) : t("backends.emulated.hintNoKey"),
    };
  }
  return { label: operator.label, description: parentDescription, hint: operator.hint ?? t(`backends.${operator.extendsId}.hint`) };
}

export const backendLabel = (t: TFunction, backend: BackendWording) => backendText(t, backend).label;
