import type { TFunction } from "i18next";

/**
 * A check's finding in the merchant's words (product.issues.<code>). A language the detectors could
 * not agree on is worded as a doubt, not as a verdict: it is a warning, the text may well be right.
 */
export function issueText(t: TFunction, issue: { code: string; params?: Record<string, string | number> }): string {
  const uncertain = issue.code === "wrong_language" && issue.params?.confidence === "low";
  return t(`product.issues.${issue.code}`, { ...issue.params, ...(uncertain ? { context: "uncertain" } : {}) });
}
