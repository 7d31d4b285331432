import { describe, expect, it } from "vitest";
import { checkField, FIELD_LIMITS, findDuplicateAltTexts, fitsLimit } from "./checks";
import { InvalidCheckInputError } from "./errors";
import type { FieldCheckInput, Issue, ProductFactsForChecks } from "./types";

const FACTS: ProductFactsForChecks = {
  title: "Essential Hoodie",
  descriptionText: "A relaxed hoodie in organic cotton with a brushed fleece lining and a kangaroo pocket.",
  vendor: "Acme",
  productType: "Hoodies",
  tags: ["unisex", "GOTS"],
  options: [
    { name: "Size", values: ["S", "M", "L"] },
    { name: "Colour", values: ["Navy", "Oat"] },
  ],
  variants: [{ title: "S / Navy", sku: "ACM-HD-001", price: "59.00" }],
  metafields: [{ key: "care", value: "Machine wash at 30 °C" }],
};

const ENGLISH_DESCRIPTION =
  "<p>Our Essential hoodie is cut from organic cotton with a brushed fleece lining. It has a roomy kangaroo pocket for your hands.</p>";

function check(overrides: Partial<FieldCheckInput>) {
  return checkField({
    field: "descriptionHtml",
    value: ENGLISH_DESCRIPTION,
    targetLocale: "en",
    facts: FACTS,
    bannedWords: [],
    ...overrides,
  });
}

const codes = (issues: Issue[]) => issues.map((issue) => issue.code);

describe("checkField on good copy", () => {
  it("finds nothing in a grounded English description", () => {
    expect(check({})).toEqual({ hardFailures: [], warnings: [] });
  });

  it("finds nothing in a grounded French translation of English facts", () => {
    const french = "<p>Notre sweat à capuche Essential est taillé dans un coton bio certifié GOTS, avec une doublure molletonnée et une grande poche kangourou.</p>";
    expect(check({ value: french, targetLocale: "fr-FR" })).toEqual({ hardFailures: [], warnings: [] });
  });
});

describe("length limits", () => {
  it.each([
    ["seoTitle", 60],
    ["metaDescription", 160],
    ["altText", 125],
  ] as const)("%s: %i characters pass, one more is a hard failure", (field, limit) => {
    expect(FIELD_LIMITS[field]).toBe(limit);
    const atLimit = "x".repeat(limit);
    expect(codes(check({ field, value: atLimit }).hardFailures)).not.toContain("too_long");
    const over = check({ field, value: `${atLimit}x` });
    const tooLong = over.hardFailures.find((issue) => issue.code === "too_long");
    expect(tooLong?.params).toEqual({ field, limit, length: limit + 1 });
  });

  it("counts characters, not UTF-16 units or decomposed accents", () => {
    expect(fitsLimit("é".repeat(60), 60)).toBe(true);
    expect(fitsLimit("e\u0301".repeat(60), 60)).toBe(true);
    expect(fitsLimit("👍".repeat(60), 60)).toBe(true);
    expect(fitsLimit("👍".repeat(61), 60)).toBe(false);
  });

  it("does not limit descriptions", () => {
    expect(codes(check({ value: `<p>${"Soft organic cotton hoodie. ".repeat(200)}</p>` }).hardFailures)).toEqual([]);
  });
});

describe("empty values", () => {
  it.each([
    ["seoTitle", ""],
    ["metaDescription", "   \n "],
    ["altText", "\u200B\u200B"],
    ["descriptionHtml", "<p></p><p>&nbsp;</p>"],
    ["descriptionHtml", "<script>alert(1)</script>"],
  ] as const)("%s %j is a hard failure", (field, value) => {
    expect(codes(check({ field, value }).hardFailures)).toContain("empty");
  });
});

describe("language", () => {
  const french = "Ce sweat à capuche en coton bio est doux, chaud et pensé pour durer toute l'année.";
  const english = "This organic cotton hoodie is soft, warm and made to last all year round.";

  it("rejects French text for an English target", () => {
    const issue = check({ field: "metaDescription", value: french, targetLocale: "en-US" }).hardFailures.find((entry) => entry.code === "wrong_language");
    expect(issue?.params).toMatchObject({ expected: "en", detected: "fr", confidence: "high" });
  });

  it("rejects English text for a French target", () => {
    const issue = check({ field: "metaDescription", value: english, targetLocale: "fr" }).hardFailures.find((entry) => entry.code === "wrong_language");
    expect(issue?.params).toMatchObject({ expected: "fr", detected: "en" });
  });

  it("accepts each text in its own language", () => {
    expect(codes(check({ field: "metaDescription", value: french, targetLocale: "fr-CA" }).hardFailures)).toEqual([]);
    expect(codes(check({ field: "metaDescription", value: english, targetLocale: "en" }).hardFailures)).toEqual([]);
  });

  it("does not judge text too short to tell", () => {
    const result = check({ field: "seoTitle", value: "Sweat coton bio", targetLocale: "en" });
    expect([...codes(result.hardFailures), ...codes(result.warnings)]).not.toContain("wrong_language");
  });

  it("only warns when the two detectors disagree, so good copy is not blocked", () => {
    // The trigram detector reads this Spanish sentence as French; the function words say Spanish.
    const result = check({ field: "metaDescription", value: "Zapatillas de correr ligeras con parte superior de malla transpirable.", targetLocale: "es" });
    expect(codes(result.hardFailures)).toEqual([]);
    expect(result.warnings.find((issue) => issue.code === "wrong_language")?.params).toMatchObject({ confidence: "low" });
  });
});

describe("banned words", () => {
  it("matches regardless of case, accents and hyphens, as whole words", () => {
    const result = check({
      field: "metaDescription",
      value: "Un sweat ECO RESPONSABLE et pas cher, le meilleur du marché.",
      targetLocale: "fr",
      bannedWords: ["éco-responsable", "Meilleur", "chère", "  "],
    });
    const banned = result.hardFailures.filter((issue) => issue.code === "banned_word").map((issue) => issue.params.word);
    expect(banned).toEqual(["éco-responsable", "Meilleur"]);
  });

  it("does not match inside a longer word", () => {
    const result = check({ field: "seoTitle", value: "Cheapest Hoodie | Acme", bannedWords: ["cheap"] });
    expect(codes(result.hardFailures)).not.toContain("banned_word");
  });

  it("cannot be dodged with a zero-width space", () => {
    const result = check({ field: "seoTitle", value: "Che\u200Bap Hoodie | Acme", bannedWords: ["cheap"] });
    expect(codes(result.hardFailures)).toContain("banned_word");
  });
});

describe("refusals and meta text", () => {
  it.each([
    ["en", "As an AI language model, I cannot write marketing copy for this product.", "refusal"],
    ["en", "I'm sorry, but I can’t help with that request about the hoodie.", "refusal"],
    ["fr", "Je ne peux pas rédiger cette description, je suis désolé pour ce contretemps.", "refusal"],
    ["fr", "En tant qu’IA, je ne rédige pas de textes publicitaires pour ce produit.", "refusal"],
    ["de", "Als KI kann ich keine Produktbeschreibung für diesen Artikel verfassen.", "refusal"],
    ["de", "Ich kann nicht beurteilen, ob dieses Produkt wirklich aus Baumwolle ist.", "refusal"],
    ["en", "Sure! Here's a cosy organic cotton hoodie description for your shop.", "meta_text"],
    ["en", "Here is the description: a cosy organic cotton hoodie for every day.", "meta_text"],
    ["en", "Meta description: A cosy organic cotton hoodie for every day of the year.", "meta_text"],
    ["en", "The [Product Name] is a cosy hoodie made from organic cotton for every day.", "meta_text"],
  ] as const)("%s: %s → %s", (locale, value, code) => {
    const result = check({ field: "metaDescription", value, targetLocale: locale });
    expect(codes(result.hardFailures)).toContain(code);
  });

  it("finds a refusal inside description markup", () => {
    expect(codes(check({ value: "<h2>Essential Hoodie</h2><p>I'm sorry, I cannot describe this product.</p>" }).hardFailures)).toContain("refusal");
  });

  it("does not fire on ordinary copy containing similar words", () => {
    const result = check({ field: "metaDescription", value: "Cannot decide? This organic cotton hoodie goes with everything; here is why you will love it." });
    expect(codes(result.hardFailures)).toEqual([]);
  });
});

describe("possibly invented facts", () => {
  const inventive =
    "<p>Our Essential hoodie is made of 80% organic cotton and cashmere, weighs 450 g and is OEKO-TEX certified, vegan and waterproof. Model X200.</p>";

  it("flags numbers, materials, certifications and codes missing from the facts, as warnings", () => {
    const result = check({ value: inventive });
    expect(codes(result.hardFailures)).toEqual([]);
    const flagged = result.warnings.filter((issue) => issue.code === "possibly_invented").map((issue) => `${issue.params.kind}:${issue.params.term}`);
    expect(flagged.sort()).toEqual(["certification:oeko tex", "certification:vegan", "claim:waterproof", "code:x200", "material:cashmere", "number:450 g", "number:80%"].sort());
  });

  it("does not flag the same terms once the facts contain them, in any language or spelling", () => {
    const richerFacts: ProductFactsForChecks = {
      ...FACTS,
      descriptionText: "80 % coton biologique, cachemire. Poids : 450g. Certifié Öko-Tex Standard 100. Imperméable.",
      tags: ["GOTS", "Vegan"],
      metafields: [{ key: "model", value: "X200" }],
    };
    const result = check({ value: inventive, facts: richerFacts });
    expect(result.warnings.filter((issue) => issue.code === "possibly_invented")).toEqual([]);
  });

  it("backs numbers written differently: decimal commas, thousands, units", () => {
    const facts: ProductFactsForChecks = { ...FACTS, descriptionText: "Weight 1.5 kg, battery 1,500 mAh, 2 year warranty, 30 cm wide." };
    const result = check({ field: "metaDescription", value: "Weighs 1,5 kg with a 1500 mAh battery, a 2-year warranty and 30 cm width.", facts });
    expect(result.warnings.filter((issue) => issue.code === "possibly_invented")).toEqual([]);
  });

  it("flags the same number with a different unit", () => {
    const facts: ProductFactsForChecks = { ...FACTS, descriptionText: "Holds 500 ml." };
    const result = check({ field: "metaDescription", value: "This bottle holds 500 ml and weighs 500 g, perfect for long hikes.", facts });
    expect(result.warnings.filter((issue) => issue.code === "possibly_invented").map((issue) => issue.params.term)).toEqual(["500 g"]);
  });

  it("reads German compounds on both sides without matching inside unrelated words", () => {
    const facts: ProductFactsForChecks = { ...FACTS, descriptionText: "Pullover aus Merinowolle, Bündchen aus Baumwollmischung." };
    const value = "<p>Der weiche Pullover aus Wolle und Baumwolle hält an kalten Tagen schön warm, dank weicher Bündchen.</p>";
    expect(check({ value, facts, targetLocale: "de" }).warnings).toEqual([]);
    const invented = check({ value: "<p>Ein weicher Pullover mit Lederbesatz und Seidenfutter für kalte Tage.</p>", facts, targetLocale: "de" });
    expect(invented.warnings.map((issue) => issue.params.name)).toEqual(["silk", "leather"]);
  });

  it("reads a price from the variants and a temperature from the metafields", () => {
    const result = check({ field: "metaDescription", value: "Only 59 € and machine washable at 30 °C: the easy organic cotton hoodie." });
    expect(result.warnings).toEqual([]);
  });
});

describe("near duplicates", () => {
  const others = [
    "Discover the Essential hoodie in soft organic cotton with a brushed fleece lining and a roomy kangaroo pocket. Free shipping.",
    "Classic crew socks in organic cotton, reinforced heel and toe.",
  ];

  it("flags a meta description nearly identical to another product's", () => {
    const value = "Discover the Essential hoodie in soft organic cotton with a brushed fleece lining and a large kangaroo pocket. Free shipping.";
    const issue = check({ field: "metaDescription", value, otherProductsSeo: others }).warnings.find((entry) => entry.code === "near_duplicate");
    expect(issue?.params.other).toBe(others[0]);
    expect(Number(issue?.params.similarity)).toBeGreaterThanOrEqual(0.9);
  });

  it("flags an SEO title that differs only in punctuation and case", () => {
    const issue = check({ field: "seoTitle", value: "Essential Organic-Cotton Hoodie - ACME", otherProductsSeo: ["Essential organic cotton hoodie | Acme"] }).warnings.find(
      (entry) => entry.code === "near_duplicate",
    );
    expect(issue?.params.similarity).toBe(1);
  });

  it("does not flag a different text", () => {
    const value = "The Essential hoodie: organic cotton, fleece-lined and built for chilly mornings. Order today.";
    expect(codes(check({ field: "metaDescription", value, otherProductsSeo: others }).warnings)).not.toContain("near_duplicate");
  });

  it("is only checked for SEO fields", () => {
    expect(codes(check({ field: "altText", value: others[1] ?? "", otherProductsSeo: others }).warnings)).not.toContain("near_duplicate");
  });
});

describe("unsafe HTML", () => {
  it.each([
    '<p onclick="steal()">Soft organic cotton hoodie with a kangaroo pocket.</p>',
    "<p>Soft organic cotton hoodie.</p><script>alert(1)</script>",
    '<p>Soft organic cotton hoodie.</p><img src="x" onerror="alert(1)">',
    '<p>Soft organic cotton hoodie, <span style="color:red">warm</span>.</p>',
    '<p>See <a href="https://example.com">the care guide</a> for the organic cotton hoodie.</p>',
  ])("is a hard failure when sanitising would remove something: %s", (value) => {
    expect(codes(check({ value }).hardFailures)).toContain("unsafe_html");
  });

  it("names what would be removed", () => {
    const issue = check({ value: '<p onclick="x">Organic cotton hoodie, soft and warm for every day.</p><iframe src="https://evil.example"></iframe>' }).hardFailures.find(
      (entry) => entry.code === "unsafe_html",
    );
    expect(issue?.params).toMatchObject({ tags: "iframe", attributes: "onclick, src" });
  });

  it("allows a safe link when links are allowed, but not a javascript: one", () => {
    const safe = '<p>See <a href="https://example.com/care">the care guide</a> for the organic cotton hoodie.</p>';
    expect(codes(check({ value: safe, allowLinks: true }).hardFailures)).toEqual([]);
    const unsafe = '<p>See <a href="javascript:alert(1)">the care guide</a> for the organic cotton hoodie.</p>';
    expect(codes(check({ value: unsafe, allowLinks: true }).hardFailures)).toContain("unsafe_html");
  });

  it("is not raised for markup that only changes spelling", () => {
    const loose = "<P>Our Essential hoodie is cut from <B>organic cotton</B>&nbsp;with a brushed fleece lining.<br>It has a roomy kangaroo pocket.</P><p></p>";
    expect(check({ value: loose }).hardFailures).toEqual([]);
  });
});

describe("input validation", () => {
  it("throws a typed error for input that breaks the contract", () => {
    expect(() => check({ targetLocale: "not a locale" })).toThrow(InvalidCheckInputError);
    expect(() => check({ field: "bodyHtml" as FieldCheckInput["field"] })).toThrow(/field/);
  });
});

describe("duplicate alt texts within one product", () => {
  it("warns on every image whose alt text another image of the product shares, ignoring case and accents", () => {
    const issues = findDuplicateAltTexts([
      { imageId: "a", value: "Linen shirt – Bleu" },
      { imageId: "b", value: "linen  shirt – bleu" },
      { imageId: "c", value: "Linen shirt – Red" },
      { imageId: "d", value: "" },
      { imageId: "e", value: "" },
    ]);
    expect([...issues.keys()].sort()).toEqual(["a", "b"]);
    expect(issues.get("a")).toMatchObject({ code: "duplicate_alt_text", params: { count: 2 } });
  });
});
