import { describe, expect, it } from "vitest";
import { defaultTemplates } from "./defaults";
import { factsFromProduct, renderField, renderTemplates, TemplateSyntaxError } from "./render";

const product = {
  title: "Merino Beanie",
  vendor: "Kestrel Wear",
  productType: "Hats",
  tags: ["winter", "wool"],
  options: [
    { name: "Color", values: ["Red", "Navy"] },
    { name: "Size", values: ["S", "M"] },
  ],
  prices: [24, 29],
  currencyCode: "EUR",
  shopName: "Plume Demo",
  locale: "en",
};

describe("offline templates", () => {
  it("fills the default English templates from product facts", () => {
    const rendered = renderTemplates(defaultTemplates("en"), factsFromProduct(product));
    expect(rendered.seoTitle).toBe("Merino Beanie | Kestrel Wear");
    expect(rendered.metaDescription).toBe("Merino Beanie by Kestrel Wear, in Red, Navy. Shop Hats at Plume Demo.");
    expect(rendered.descriptionHtml).toContain("<li><strong>Color:</strong> Red, Navy</li>");
    expect(rendered.descriptionHtml).toContain("€24.00 – €29.00");
  });

  it("renders French templates with French prices", () => {
    const rendered = renderTemplates(defaultTemplates("fr-FR"), factsFromProduct({ ...product, locale: "fr" }));
    expect(rendered.metaDescription).toBe("Merino Beanie par Kestrel Wear, en Red, Navy. Découvrez nos Hats chez Plume Demo.");
    expect(rendered.descriptionHtml).toMatch(/24,00\s€/);
  });

  it("escapes product text inside HTML and leaves plain fields unescaped", () => {
    const facts = factsFromProduct({ ...product, title: 'Tee <script>alert(1)</script> & "Co"' });
    expect(renderField("descriptionHtml", "<p>{{title}}</p>", facts)).toBe("<p>Tee &lt;script&gt;alert(1)&lt;&#x2F;script&gt; &amp; &quot;Co&quot;</p>");
    expect(renderField("seoTitle", "{{title}}", facts)).toBe('Tee <script>alert(1)</script> & "Co"');
  });

  it("drops a section whose fact is missing without leaving stray spaces", () => {
    const facts = factsFromProduct({ ...product, options: [], productType: "" });
    expect(renderField("metaDescription", defaultTemplates("en").metaDescription, facts)).toBe("Merino Beanie by Kestrel Wear.");
  });

  it("lists each option once in the default description, in every language", () => {
    for (const locale of ["en", "fr", "de"]) {
      const rendered = renderTemplates(defaultTemplates(locale), factsFromProduct({ ...product, locale }));
      expect(rendered.descriptionHtml.match(/<ul>/g), locale).toHaveLength(1);
      expect(rendered.descriptionHtml.match(/<li>/g), locale).toHaveLength(2);
    }
    const withoutOptions = renderTemplates(defaultTemplates("en"), factsFromProduct({ ...product, options: [] }));
    expect(withoutOptions.descriptionHtml).not.toContain("<ul>");
  });

  it("rejects a template that does not parse", () => {
    expect(() => renderField("seoTitle", "{{#title}}unclosed", factsFromProduct(product))).toThrow(TemplateSyntaxError);
  });
});
