import { describe, expect, it } from "vitest";
import { checkField, findCutHtml } from "./checks";
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
