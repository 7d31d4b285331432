import type { TFunction } from "i18next";
import { errorText } from "~/components/jobs/job-text";
import { backendLabel, type BackendWording } from "~/i18n/backend-text";
import { TEMPLATES_MODEL_ID, templatesBackend } from "~/models/backends/templates";

/** Codes only a comparison has: compare.errors.<code> in en/fr. */
export const COMPARE_ERROR_CODES = ["interrupted", "unknown_comparison", "unknown_column", "unknown_product", "nothing_to_apply", "fallback_is_primary", "too_many_fallbacks"] as const;
const COMPARE_ERRORS: ReadonlySet<string> = new Set(COMPARE_ERROR_CODES);

/** A comparison's error or refusal in plain words; a model error or a job refusal is worded as on the jobs pages, never shown raw. */
export function compareErrorText(t: TFunction, error: { code: string; params?: Record<string, string | number> }, locale: string): string {
  if (COMPARE_ERRORS.has(error.code)) return t(`compare.errors.${error.code}`, error.params ?? {});
  return errorText(t, error, locale);
}

/** A column's name: the backend as worded for the merchant, and its model, except Templates' one internal "model" id. */
export function modelLabel(t: TFunction, wording: BackendWording, modelId: string): string {
  const templates = (wording.operator?.extendsId ?? wording.id) === templatesBackend.id && modelId === TEMPLATES_MODEL_ID;
  return templates ? backendLabel(t, wording) : `${backendLabel(t, wording)} · ${modelId}`;
}
