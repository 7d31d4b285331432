import { describe, expect, it } from "vitest";
import { catalogues, createI18n, SUPPORTED_LOCALES } from "~/i18n/config";
import { errorText, WORDED_ERRORS } from "./job-text";

describe("job errors in plain words", () => {
  it("every worded code has a sentence in every catalogue", () => {
    for (const locale of SUPPORTED_LOCALES) {
      const { errors, refusals } = catalogues[locale].jobs as unknown as { errors: Record<string, string>; refusals: Record<string, string> };
      expect([...WORDED_ERRORS].filter((code) => !errors[code] && !refusals[code]), locale).toEqual([]);
    }
  });

  it("words a known code in the merchant's language and never shows an unknown code raw", () => {
    const english = createI18n("en").t;
    const french = createI18n("fr").t;
    expect(errorText(english, { code: "product_not_found", params: {} })).toBe(catalogues.en.jobs.errors.product_not_found);
    expect(errorText(french, { code: "product_not_found", params: {} })).toBe(catalogues.fr.jobs.errors.product_not_found);
    // a budget refusal's micro-USD numbers are worded as money in the merchant's language
    const refusal = errorText(french, { code: "budget_exceeded", params: { capMicros: 100_000_000, spentMicros: 90_000_000, reservedByOtherJobsMicros: 5_000_000, estimateMicros: 12_000_000, scope: "shop" } }, "fr");
    expect(refusal).toContain("100,00");
    expect(refusal).not.toMatch(/100000000|\{\{/);
    // a state conflict names the state in words
    expect(errorText(english, { code: "job_state_conflict", params: { status: "paused" } })).toContain("Paused");
    const unknown = errorText(french, { code: "kaboom_42", params: {} });
    expect(unknown).not.toContain("kaboom_42");
    expect(unknown).toBe(catalogues.fr.jobs.errors.unknown);
  });
});
