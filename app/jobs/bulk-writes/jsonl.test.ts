import { describe, expect, it } from "vitest";
import { isBulkWritable, linesUnderLimit, parseResultFile, productUpdateLine } from "./jsonl";

describe("bulk write files", () => {
  it("puts only the changing fields on a product's line, SEO fields together", () => {
    expect(JSON.parse(productUpdateLine("gid://shopify/Product/1", [{ field: "seoTitle", value: "T" }]))).toEqual({ product: { id: "gid://shopify/Product/1", seo: { title: "T" } } });
    expect(
      JSON.parse(
        productUpdateLine("gid://shopify/Product/2", [
          { field: "metaDescription", value: "D" },
          { field: "descriptionHtml", value: "<p>x</p>" },
          { field: "seoTitle", value: "T" },
        ]),
      ),
    ).toEqual({ product: { id: "gid://shopify/Product/2", descriptionHtml: "<p>x</p>", seo: { description: "D", title: "T" } } });
  });

  it("leaves alt text and translations to the per-product path", () => {
    expect(isBulkWritable({ field: "seoTitle", locale: "en" }, "en")).toBe(true);
    expect(isBulkWritable({ field: "altText", locale: "en" }, "en")).toBe(false);
    expect(isBulkWritable({ field: "seoTitle", locale: "fr" }, "en")).toBe(false);
  });

  it("cuts a file before the line that would take it over the limit, counting bytes (not characters) and newlines", () => {
    const lines = ["a".repeat(10), "é".repeat(5), "b".repeat(10)];
    // 11 + 11 bytes fit in 22; the third line would make 33.
    expect(linesUnderLimit(lines, 22)).toBe(2);
    expect(linesUnderLimit(lines, 21)).toBe(1);
    expect(linesUnderLimit(lines, 33)).toBe(3);
    // A single line over the limit still goes alone rather than never.
    expect(linesUnderLimit(["x".repeat(50)], 10)).toBe(1);
  });

  it("maps each result line by __lineNumber, whatever the order: written, refused with Shopify's words, or unknown", () => {
    const file = [
      JSON.stringify({ data: { productUpdate: { product: null, userErrors: [{ field: ["seo", "title"], message: "Meta title is too long (maximum is 70 characters)" }] } }, __lineNumber: 2 }),
      JSON.stringify({ data: { productUpdate: { product: { id: "gid://shopify/Product/1" }, userErrors: [] } }, __lineNumber: 0 }),
      JSON.stringify({ data: null, errors: [{ message: "Internal error" }], __lineNumber: 1 }),
      "not json",
      "",
    ].join("\n");
    const outcomes = parseResultFile(file);
    expect(outcomes.get(0)).toEqual({ kind: "written" });
    expect(outcomes.get(1)).toEqual({ kind: "unknown", reason: "Internal error" });
    expect(outcomes.get(2)).toEqual({ kind: "refused", userErrors: [{ field: ["seo", "title"], message: "Meta title is too long (maximum is 70 characters)" }] });
    expect(outcomes.size).toBe(3);
  });
});
