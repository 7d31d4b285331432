import type { TFunction } from "i18next";
import { errorText } from "~/components/jobs/job-text";

/** Codes only a comparison has: compare.errors.<code> in en/fr. */
export const COMPARE_ERROR_CODES = ["interrupted", "unknown_comparison", "unknown_column", "unknown_product", "nothing_to_apply", "fallback_is_primary", "too_many_fallbacks"] as const;
const COMPARE_ERRORS: ReadonlySet<string> = new Set(COMPARE_ERROR_CODES);

/** A comparison's error or refusal in plain words; a model error or a job refusal is worded as on the jobs pages, never shown raw. */
export function compareErrorText(t: TFunction, error: { code: string; params?: Record<string, string | number> }, locale: string): string {
  if (COMPARE_ERRORS.has(error.code)) return t(`compare.errors.${error.code}`, error.params ?? {});
  return errorText(t, error, locale);
}
