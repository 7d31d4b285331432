import { describe, expect, it } from "vitest";
import { catalogues, createI18n, SUPPORTED_LOCALES } from "~/i18n/config";
import { emptyCounts } from "~/jobs/types";
import { applyButtonState, errorText, itemBadge, WORDED_ERRORS } from "./job-text";

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

describe("the Apply approved button follows the job's counts", () => {
  const state = (readyToApply: number, pendingProposals: number, applying: number) => applyButtonState({ readyToApply, pendingProposals, counts: { ...emptyCounts(), applying, generated: 3 } });

  it("is enabled only while approved copy waits to be written, and says why not otherwise", () => {
    expect(state(2, 5, 0)).toEqual({ enabled: true, reason: "jobs.review.applyReady", count: 2 });
    // approved more while an apply is still writing: those can be sent too
    expect(state(1, 0, 4)).toMatchObject({ enabled: true, count: 1 });
    // just applied: everything approved is being written, products still to review do not enable it
    expect(state(0, 5, 4)).toEqual({ enabled: false, reason: "jobs.review.applyWriting", count: 4 });
    expect(state(0, 5, 0)).toEqual({ enabled: false, reason: "jobs.review.applyApproveFirst", count: 5 });
    expect(state(0, 0, 0)).toEqual({ enabled: false, reason: "jobs.review.applyNothing", count: 0 });
  });

  it("every reason is worded in every catalogue", () => {
    for (const locale of SUPPORTED_LOCALES) {
      const t = createI18n(locale).t;
      for (const [ready, pending, applying] of [[2, 0, 0], [0, 0, 1], [0, 3, 0], [0, 0, 0]] as const) {
        const { reason, count } = state(ready, pending, applying);
        const text = t(reason, { count });
        expect(text, `${locale} ${reason}`).not.toBe(reason);
        expect(text).not.toContain("{{");
      }
    }
  });
});

describe("an item's badge after a revert", () => {
  it("says Reverted when every value the job wrote was put back, Partly reverted with the numbers when some were, else the item's state", () => {
    const english = createI18n("en").t;
    const french = createI18n("fr").t;
    const word = (t: typeof english, badge: ReturnType<typeof itemBadge>) => t(badge.key, badge.params);
    expect(word(english, itemBadge({ status: "applied", writes: { written: 3, reverted: 3 } }))).toBe("Reverted");
    expect(word(french, itemBadge({ status: "applied", writes: { written: 3, reverted: 3 } }))).toBe("Rétabli");
    expect(word(english, itemBadge({ status: "applied", writes: { written: 3, reverted: 1 } }))).toBe("Partly reverted: 1 of 3 values");
    expect(itemBadge({ status: "applied", writes: { written: 3, reverted: 1 } }).tone).toBe("attention");
    expect(word(english, itemBadge({ status: "applied", writes: { written: 3, reverted: 0 } }))).toBe("Applied");
    // nothing written (kept existing, skipped): the state as it is
    expect(word(english, itemBadge({ status: "skipped", writes: { written: 0, reverted: 0 } }))).toBe("Skipped");
  });
});
