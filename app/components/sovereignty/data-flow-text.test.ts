import { describe, expect, it } from "vitest";
import { createI18n, SUPPORTED_LOCALES } from "~/i18n/config";
import { dataFlowFor } from "~/models/data-flow.server";
import { BUILT_IN_BACKENDS } from "~/models/registry";
import { dataFlowLines } from "./DataFlowDetails";

/** Every backend's data flow is worded in both languages: no catalogue key or raw code reaches the page. */
describe("data flow wording", () => {
  for (const locale of SUPPORTED_LOCALES) {
    it(`words every shipped backend in ${locale}`, () => {
      const i18n = createI18n(locale);
      for (const backend of BUILT_IN_BACKENDS) {
        const lines = dataFlowLines(i18n.t, dataFlowFor(backend, undefined, false), locale);
        for (const [name, value] of Object.entries(lines)) {
          if (typeof value !== "string") continue;
          expect(value, `${backend.id}.${name}`).not.toMatch(/sovereignty\.|not-stated|no-on-paid-tier|depends-on-route|your-server/);
        }
      }
    });
  }

  it("names countries and regions in the merchant's language, and says what it does not know", () => {
    const scaleway = BUILT_IN_BACKENDS.find((backend) => backend.id === "scaleway")!;
    const mistral = BUILT_IN_BACKENDS.find((backend) => backend.id === "mistral")!;
    const ovh = BUILT_IN_BACKENDS.find((backend) => backend.id === "ovhcloud")!;
    const fr = createI18n("fr");
    const en = createI18n("en");
    expect(dataFlowLines(fr.t, dataFlowFor(scaleway, undefined, false), "fr")).toMatchObject({ where: "France", jurisdiction: "France", training: "Non" });
    expect(dataFlowLines(en.t, dataFlowFor(mistral, undefined, false), "en").where).toBe("European Union and United States");
    expect(dataFlowLines(en.t, dataFlowFor(ovh, undefined, false), "en")).toMatchObject({ training: "Not stated by the provider", retention: "Not stated by the provider" });
    const openai = BUILT_IN_BACKENDS.find((backend) => backend.id === "openai")!;
    expect(dataFlowLines(fr.t, dataFlowFor(openai, undefined, false), "fr").retention).toBe("Jusqu’à 30 jours, pour la détection des abus");
  });
});
