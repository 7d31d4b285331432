import { describe, expect, it } from "vitest";
import { checkField, findCutHtml } from "./checks";
import { cutDictionaryWord } from "./truncation";
import type { CopyField, ProductFactsForChecks } from "./types";

const FACTS: ProductFactsForChecks = {
  title: "Essential Hoodie",
  descriptionText: "A relaxed hoodie in organic cotton with a brushed fleece lining and a kangaroo pocket.",
  vendor: "Acme",
  productType: "Hoodies",
  tags: [],
  options: [{ name: "Size", values: ["S", "M", "L"] }],
  variants: [{ title: "S", price: "59.00" }],
};

const codesFor = (field: CopyField, value: string, targetLocale = "en") =>
  checkField({ field, value, targetLocale, facts: FACTS, bannedWords: [] }).hardFailures.map((issue) => issue.code);

describe("values cut off by the token limit", () => {
  it.each([
    ["metaDescription", "Our Essential Hoodie is cut from organic cotton with a brushed fleece lining and a roomy kangaroo pock"],
    ["metaDescription", "Our Essential Hoodie is cut from organic cotton with a brushed fleece lining and a roomy kangaroo pocket for the"],
    ["descriptionHtml", "<p>Our Essential Hoodie is cut from organic cotton.</p><p>It has a brushed fleece lining and a roomy kangaroo pock</p>"],
    ["seoTitle", "Essential Hoodie in organic cotton with a"],
    ["seoTitle", "Essential Hoodie in organic cotton,"],
    ["altText", "Essential Hoodie in navy, front view with the"],
    ["metaDescription", "Le sweat Essential en coton biologique, doublé d'une polaire brossée, avec une grande poche kangourou et des"],
  ] as const)("%s %j is caught", (field, value) => {
    expect(codesFor(field, value, value.startsWith("Le ") ? "fr" : "en")).toContain("truncated");
  });

  it.each([
    ["metaDescription", "Our Essential Hoodie is cut from organic cotton with a brushed fleece lining and a roomy kangaroo pocket."],
    ["metaDescription", "Organic cotton, brushed fleece and a roomy kangaroo pocket: the Essential Hoodie…"],
    ["descriptionHtml", "<p>Our Essential Hoodie is cut from organic cotton.</p><ul><li>Brushed fleece lining</li><li>Kangaroo pocket</li></ul>"],
    ["descriptionHtml", "<h2>Essential Hoodie</h2><p>Cut from organic cotton, with a brushed fleece lining!</p>"],
    ["seoTitle", "Essential Hoodie in Organic Cotton | Acme"],
    ["altText", "Essential Hoodie in navy, front view"],
    ["seoTitle", "Chaise en chêne massif | Atelier Morel"],
  ] as const)("%s %j is not", (field, value) => {
    expect(codesFor(field, value, value.includes("chêne") ? "fr" : "en")).not.toContain("truncated");
  });

  it("finds unclosed tags and dangling fragments in raw description HTML", () => {
    expect(findCutHtml("<p>Organic cotton.</p><ul><li>Brushed fleece</li><li>Kangaroo")).toBeDefined();
    expect(findCutHtml("<p>Organic cotton.</p><p>Brushed fleece <strong>lin")).toBeDefined();
    expect(findCutHtml("<p>Organic cotton.</p><p")).toBeDefined();
    expect(findCutHtml("<p>Organic cotton &amp")).toBeDefined();
    expect(findCutHtml("<p>Organic cotton.</p><ul><li>Brushed fleece</li></ul><br>")).toBeUndefined();
    expect(findCutHtml("<p>Organic cotton &amp; fleece.</p>")).toBeUndefined();
  });
});

describe("values that stop inside a word the facts spell out", () => {
  const facts = { ...FACTS, title: "Rugged Bluetooth Speaker in braided nylon", vendor: "Hostile Goods", descriptionText: "" };
  const cut = (field: CopyField, value: string) => checkField({ field, value, targetLocale: "en", facts, bannedWords: [] }).hardFailures.map((issue) => issue.code);
  it.each([
    ["altText", "Rugged Bluetooth Speaker in bra"],
    ["seoTitle", "Rugged Bluetooth Speaker | Hos"],
    ["altText", "Rugged Bluetooth Speaker in braided ny"],
  ] as const)("%s %j is caught", (field, value) => {
    expect(cut(field, value)).toContain("truncated");
  });
  it.each([
    ["altText", "Rugged Bluetooth Speaker in braided nylon"],
    ["seoTitle", "Rugged Bluetooth Speaker | Hostile Goods"],
    // "Bra" is not where the facts' "braided" starts (it follows "in" there, not "speaker").
    ["altText", "Rugged Bluetooth Speaker bra"],
    ["altText", "Bluetooth speaker, side view"],
  ] as const)("%s %j is not", (field, value) => {
    expect(cut(field, value)).not.toContain("truncated");
  });
});

describe("values that stop inside an ordinary word of the language", () => {
  const facts: ProductFactsForChecks = {
    title: "Sac cabas en toile",
    descriptionText: "Un sac cabas en toile de coton avec des anses en cuir.",
    vendor: "Natur",
    productType: "Sacs",
    tags: [],
    options: [{ name: "Couleur", values: ["Écru", "Noir"] }],
    variants: [{ title: "Écru", price: "49.00" }],
  };
  const codes = (field: CopyField, value: string, targetLocale: string) => checkField({ field, value, targetLocale, facts, bannedWords: [] }).hardFailures.map((issue) => issue.code);

  it.each([
    // The eval's sloppy model: "de la mar" for "de la marque", in no fact.
    ["fr", "altText", "Sac en cuir de la mar"],
    ["fr", "altText", "Sac cabas avec des anses en cuir vérit"],
    ["fr", "seoTitle", "Sac cabas en toile naturelle et élég"],
    ["fr", "altText", "Sac cabas en toile, vue de profi"],
    // A hyphenated compound cut inside ("t-shirt"), and an elided article ("l'étiquette").
    ["fr", "altText", "Lot de deux t-sh"],
    ["fr", "altText", "Sac cabas en toile, vue de l'éti"],
    // Copy in capitals carries no capitalisation signal: still judged.
    ["fr", "altText", "SAC EN CUIR DE LA MAR"],
    ["en", "altText", "Leather tote with a brass buc"],
    ["en", "altText", "Ceramic mug, dishwasher saf"],
    // Title case: a capital is not a sign of a name there.
    ["en", "seoTitle", "Walnut Cutting Board With Juice Gro"],
    ["es", "altText", "Bolso de cuero con asas de alg"],
    ["es", "altText", "Camiseta de algodón orgá"],
  ] as const)("%s %s %j is caught", (locale, field, value) => {
    expect(codes(field, value, locale)).toContain("truncated");
  });

  it.each([
    ["fr", "altText", "Veste en lin"],
    ["fr", "altText", "Lampe LED 40 W"],
    ["en", "altText", "Lampe LED 40 W"],
    // Folded accents either way, an elided article, compounds and their plurals.
    ["fr", "altText", "Plateau en chêne"],
    ["fr", "altText", "Plateau en chene"],
    ["fr", "altText", "Lunettes de soleil livrées avec l'étui"],
    ["fr", "altText", "Lot de deux t-shirt"],
    ["fr", "altText", "Lot de deux t-shirts"],
    ["fr", "altText", "Bonnet en laine mérinos"],
    // Units after a number, abbreviations of product copy, digits (model numbers).
    ["fr", "altText", "Bouteille isotherme 50 cl"],
    ["fr", "altText", "Sac cabas en coton bio"],
    ["fr", "altText", "Bague en argent 925"],
    ["en", "altText", "Wireless headphones WH-1000XM5"],
    ["en", "altText", "Stainless steel bottle, 750 ml"],
    // Names: a capitalised word in sentence case, a camel-case brand.
    ["fr", "altText", "Sac en cuir fabriqué à Lyon"],
    ["en", "altText", "Leather tote made in Portugal"],
    ["fr", "altText", "Montre connectée compatible iPhone"],
    // English loanwords in French copy.
    ["fr", "altText", "Sac cabas en toile, style tote"],
    ["fr", "altText", "Gel douche exfoliant, effet scrub"],
    ["fr", "altText", "Sac tote bag"],
    ["en", "altText", "Leather tote with a brass buckle"],
    ["es", "altText", "Bolso de cuero con asas de algodón"],
  ] as const)("%s %s %j is not", (locale, field, value) => {
    expect(codes(field, value, locale)).not.toContain("truncated");
  });

  it("never calls a word of the facts cut: a brand no dictionary holds passes when the facts name it", () => {
    // "Natur" is the start of "nature" and not a French word: only the facts make it a name.
    expect(codes("seoTitle", "Sac cabas en toile écrue | Natur", "fr")).not.toContain("truncated");
    expect(cutDictionaryWord("Sac cabas en toile écrue | Natur", "fr", [])).toBe("Natur");
    expect(cutDictionaryWord("Sac cabas en toile écrue | Natur", "fr", ["Natur"])).toBeUndefined();
  });

  it("says which ending it judged cut", () => {
    const issue = checkField({ field: "altText", value: "Sac en cuir de la mar", targetLocale: "fr", facts, bannedWords: [] }).hardFailures.find((found) => found.code === "truncated");
    expect(issue?.message).toContain('"mar"');
    expect(issue?.params).toMatchObject({ field: "altText", ending: "Sac en cuir de la mar" });
  });

  it("does not judge what it has no word list for: German, CJK and Arabic letters keep the other rules", () => {
    expect(cutDictionaryWord("Tasche aus Leder mit Schnal", "de", [])).toBeUndefined();
    expect(cutDictionaryWord("Sac à main en cuir 真皮手提", "fr", [])).toBeUndefined();
    expect(cutDictionaryWord("Sac en cuir حقيبة", "fr", [])).toBeUndefined();
    // A value that ends in punctuation was not stopped mid-word.
    expect(cutDictionaryWord("Sac en cuir de la mar.", "fr", [])).toBeUndefined();
  });
});
