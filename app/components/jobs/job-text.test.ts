import { describe, expect, it } from "vitest";
import { catalogues, createI18n, SUPPORTED_LOCALES } from "~/i18n/config";
import { errorText, WORDED_ERRORS } from "./job-text";

describe("job errors in plain words", () => {
  it("every worded code has a sentence in every catalogue", () => {
    for (const locale of SUPPORTED_LOCALES) {
      const errors = catalogues[locale].jobs.errors as Record<string, string>;
      expect([...WORDED_ERRORS].filter((code) => !errors[code]), locale).toEqual([]);
    }
  });

  it("words a known code in the merchant's language and never shows an unknown code raw", () => {
    const english = createI18n("en").t;
    const french = createI18n("fr").t;
    expect(errorText(english, { code: "product_not_found", params: {} })).toBe("This product no longer exists in the store.");
    expect(errorText(french, { code: "product_not_found", params: {} })).toBe("Ce produit n’existe plus dans la boutique.");
    const unknown = errorText(french, { code: "kaboom_42", params: {} });
    expect(unknown).not.toContain("kaboom_42");
    expect(unknown).toBe(catalogues.fr.jobs.errors.unknown);
  });
});
