import { describe, expect, it } from "vitest";
import { createdProduct, plainTextToHtml, readNewProductForm } from "./new-product";

describe("the demo admin's Add product form", () => {
  it("keeps the title and turns the description's plain text into escaped paragraphs", () => {
    expect(readNewProductForm({ title: "  Merino scarf ", description: "Soft & warm.\nMade in <Scotland>.\n\nHand wash." })).toEqual({
      ok: true,
      title: "Merino scarf",
      descriptionHtml: "<p>Soft &amp; warm.<br>Made in &lt;Scotland&gt;.</p><p>Hand wash.</p>",
    });
    expect(plainTextToHtml("   \n\n  ")).toBe("");
  });

  it("refuses a blank or too long title, a too long description, and a body that is not the form, showing what was typed", () => {
    expect(readNewProductForm({ title: "   ", description: "kept" })).toEqual({ ok: false, form: { title: "", description: "kept", error: "titleBlank" } });
    expect(readNewProductForm({ title: "t".repeat(256) })).toMatchObject({ ok: false, form: { error: "titleTooLong" } });
    expect(readNewProductForm({ title: "Scarf", description: "d".repeat(5_001) })).toMatchObject({ ok: false, form: { error: "descriptionTooLong" } });
    expect(readNewProductForm({ title: ["a", "b"] })).toMatchObject({ ok: false, form: { error: "notSaved" } });
    expect(readNewProductForm(undefined)).toMatchObject({ ok: false, form: { error: "titleBlank" } });
  });

  it("reads the new product's id from productCreate, or says it was not saved with the admin's reason", () => {
    expect(createdProduct({ productCreate: { product: { id: "gid://shopify/Product/42" }, userErrors: [] } }, { title: "A", description: "" })).toEqual({ ok: true, legacyId: "42" });
    expect(createdProduct({ productCreate: { product: null, userErrors: [{ field: ["title"], message: "Title can't be blank" }] } }, { title: "A", description: "" })).toEqual({
      ok: false,
      form: { title: "A", description: "", error: "notSaved" },
      reason: "Title can't be blank",
    });
  });
});
