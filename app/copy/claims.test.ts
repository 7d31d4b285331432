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

describe("claim extraction", () => {
  const facts = (descriptionText: string, extra: Partial<Parameters<typeof factsAsText>[0]> = {}) =>
    factsAsText({ title: "Travel Mug", descriptionText, vendor: "Acme", productType: "Mugs", tags: [], options: [], variants: [], ...extra });
  const terms = (value: string, factsText: string, locale = "en") => findUnbackedTerms(value, factsText, locale).map((entry) => entry.term);

  it.each([
    ["That is 0.35 litres.", "Capacity 350 ml."],
    ["It holds 35 cl.", "Capacity 350 ml."],
    ["About 12 oz.", "Capacity 350 ml."],
    ["It measures 300 mm.", "Length 30 cm."],
    ["A 12-inch span.", "Width: 30.5 cm."],
    ["It weighs 1,200 g.", "Weight 1.2 kg."],
    ["Soit 0,35 litre.", "Capacity 350 ml."],
    ["Weighs 2.2 lb.", "Weight 1 kg."],
  ])("backs %s by the same quantity in other units (%s)", (value, description) => {
    expect(terms(value, facts(description), value.startsWith("Soit") ? "fr" : "en")).toEqual([]);
  });

  it("flags invented dimensions, capacities, weights, percentages, counts and years", () => {
    expect(terms("It measures 30 x 40 cm and holds 450 ml.", facts("A mug."))).toEqual(["30 x 40 cm", "450 ml"]);
    expect(terms("Uses 40% less water. The set includes 7 pieces. Loved since 1987.", facts("A mug."))).toEqual(["40%", "7 pieces", "1987"]);
    expect(terms("Il ne pèse que 450 g et supporte 12 livres.", facts("Un mug."), "fr")).toEqual(["450 g", "12 livres"]);
  });

  it("reads numbers written as words before a unit, in English and French", () => {
    expect(terms("Choose from three variants.", facts("", { variants: [{ title: "S" }, { title: "M" }, { title: "L" }] }))).toEqual([]);
    expect(terms("Choose from four variants.", facts("", { variants: [{ title: "S" }, { title: "M" }, { title: "L" }] }))).toEqual(["four variants"]);
    expect(terms("Disponible en une couleur vive.", facts(""), "fr")).toEqual([]);
  });

  it("flags certifications and materials the facts do not state", () => {
    expect(findUnbackedTerms("Certified OEKO-TEX. Crafted from mulberry silk. CE marked.", facts("A cotton scarf."), "en").map((entry) => entry.name)).toEqual(
      expect.arrayContaining(["OEKO-TEX", "silk", "CE marking"]),
    );
    expect(findUnbackedTerms("Certifié GOTS, en coton.", facts("Organic cotton, GOTS certified."), "fr")).toEqual([]);
  });

  it("checks origins, and blocks one the facts contradict", () => {
    expect(findUnbackedTerms("Proudly made in Portugal.", facts("Made in Portugal."), "en")).toEqual([]);
    expect(findUnbackedTerms("Fabriqué au Portugal.", facts("Made in Portugal."), "fr")).toEqual([]);
    expect(findUnbackedTerms("Made in Italy.", facts("A mug."), "en")).toEqual([{ kind: "origin", term: "made in italy", name: "made in IT" }]);
    expect(findUnbackedTerms("Made in China.", facts("Made in Portugal."), "en")).toEqual([{ kind: "origin", term: "made in china", name: "made in CN", contradicts: "made in portugal" }]);
    expect(findUnbackedTerms("Hergestellt in Deutschland.", facts("Tags: Germany"), "de")).toEqual([]);
  });

  it("reads origins written as adjectives and with words in between", () => {
    expect(terms("Proudly Vietnam-made.", facts("A mug."))).toEqual(["vietnam made"]);
    expect(terms("Italian-made leather.", facts("Leather bag. Made in Italy."))).toEqual([]);
    expect(terms("Fabrication française.", facts("Sac en cuir."), "fr")).toEqual(["fabrication francaise"]);
    expect(terms("Confectionné à la main au Japon.", facts("Un bol."), "fr")).toEqual(["confectionne a la main au japon"]);
  });

  it("counts packs and dozens", () => {
    expect(terms("Sold in a pack of 12.", facts("Size 12 socks."))).toEqual(["pack of 12"]);
    expect(terms("Sold in a pack of 6.", facts("6 pieces."))).toEqual([]);
    expect(terms("Enough for a dozen uses.", facts("A mug."))).toEqual(["a dozen"]);
  });

  it("checks warranties by their length, in words or digits, and blocks a contradicted one", () => {
    expect(findUnbackedTerms("Covered by a two-year warranty.", facts("2-year warranty."), "en")).toEqual([]);
    expect(findUnbackedTerms("Livré avec une garantie de deux ans.", facts("24 month warranty"), "fr")).toEqual([]);
    expect(findUnbackedTerms("Backed by a 5-year warranty.", facts("A mug."), "en")).toEqual([{ kind: "warranty", term: "5 year warranty", name: "60-month warranty" }]);
    expect(findUnbackedTerms("Garanti 5 ans.", facts("Garantie 2 ans."), "fr")).toEqual([{ kind: "warranty", term: "garanti 5 ans", name: "60-month warranty", contradicts: "garantie 2 ans" }]);
    expect(findUnbackedTerms("Lifetime warranty.", facts("A mug."), "en")).toEqual([{ kind: "warranty", term: "lifetime warranty", name: "lifetime warranty" }]);
  });

  it("lets a bare number in the facts back a unit only when its line names that unit", () => {
    const factsText = facts("", { options: [{ name: "Weight (g)", values: ["250", "500"] }, { name: "Pattern", values: ["13", "42"] }] });
    expect(terms("A 250 g bag.", factsText)).toEqual([]);
    expect(terms("It measures 13 x 42 cm.", factsText)).toEqual(["13 x 42 cm"]);
  });

  it("reads an image position as no claim", () => {
    expect(terms("Travel Mug by Acme, view 3", facts(""))).toEqual([]);
    expect(terms("Travel Mug de la marque Acme, vue 2", facts(""), "fr")).toEqual([]);
  });

  it("does not flag the facts themselves: prices, option counts, grounded paraphrases", () => {
    const factsText = facts("Organic cotton tote. 38 x 42 cm.", { options: [{ name: "Color", values: ["Red", "Blue"] }], variants: [{ title: "Red", price: "24.99" }, { title: "Blue", price: "24.99" }] });
    expect(terms("From €24.99. Available in 2 variants and 2 colours. It measures 380 x 420 mm.", factsText)).toEqual([]);
    expect(terms("À partir de 24,99 €. Disponible en 2 variantes.", factsText, "fr")).toEqual([]);
  });
});
