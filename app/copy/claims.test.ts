import { describe, expect, it } from "vitest";
import { factsAsText, findUnbackedTerms, numberReadings } from "./claims";

describe("numberReadings", () => {
  it.each([
    ["250", ["250"]],
    ["2.50", ["2.5"]],
    ["2,5", ["2.5"]],
    ["1,500", ["1500", "1.5"]],
    ["1.500", ["1500", "1.5"]],
    ["1,234,567", ["1234567"]],
    ["1,234.56", ["1234.56"]],
    ["1.234,56", ["1234.56"]],
    ["1.2.3", ["1.2.3"]],
    ["007", ["7"]],
  ])("%s → %j", (written, readings) => {
    expect(numberReadings(written)).toEqual(readings);
  });
});

describe("findUnbackedTerms", () => {
  it("treats facts as separate lines so a number never takes the next field's word as its unit", () => {
    const factsText = factsAsText({
      title: "Mug 2",
      descriptionText: "",
      vendor: "",
      productType: "Mugs",
      tags: [],
      options: [],
      variants: [],
    });
    expect(factsText.split("\n")[0]).toBe("Mug 2");
    expect(findUnbackedTerms("Mug 2 in ceramic", "Mug 2\nceramic", "en")).toEqual([]);
  });

  it("looks for a language's own spellings only in copy of that language", () => {
    // "leer" is leather in Dutch and "to read" in Spanish.
    expect(findUnbackedTerms("Una guía fácil de leer para el cuidado de la taza.", "", "es")).toEqual([]);
    expect(findUnbackedTerms("Een tas van zacht leer met een ritssluiting.", "", "nl")).toEqual([{ kind: "material", term: "leer", name: "leather" }]);
  });

  it("reports each term once", () => {
    expect(findUnbackedTerms("Silk, silk and more silk.", "", "en")).toEqual([{ kind: "material", term: "silk", name: "silk" }]);
  });

  it("knows gold in French only in context, since 'or' is also a conjunction", () => {
    expect(findUnbackedTerms("Un sac en toile ou en cuir, or nous aimons la toile.", "cuir", "fr")).toEqual([]);
    expect(findUnbackedTerms("Un collier plaqué or.", "", "fr")).toEqual([{ kind: "material", term: "plaque or", name: "gold" }]);
  });
});
