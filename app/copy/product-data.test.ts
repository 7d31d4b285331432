import { describe, expect, it } from "vitest";
import type { ProductSnapshot } from "~/catalog/product-facts.server";
import { productSnapshot } from "~/catalog/product-snapshot.test-support";
import { buildProductData } from "./prompt";

function snapshot(variantCount: number, loaded = Math.min(variantCount, 50)): ProductSnapshot {
  const sizes = ["XS", "S", "M", "L", "XL", "XXL"];
  const colors = Array.from({ length: Math.ceil(variantCount / sizes.length) }, (_, index) => `Colour ${index + 1}`);
  const variants = Array.from({ length: loaded }, (_, index) => ({
    title: `${colors[Math.floor(index / sizes.length)]} / ${sizes[index % sizes.length]}`,
    sku: `SKU-${index + 1}`,
    price: "25.00",
  }));
  return productSnapshot({
    shopName: "Plume Demo",
    storefrontOrigin: "https://plume-demo.example",
    vendor: "Atelier Morel",
    options: [
      { name: "Colour", values: colors },
      { name: "Size", values: sizes },
    ],
    variants,
    variantCount,
  });
}

function productData(product: ProductSnapshot): Record<string, unknown> {
  const match = /^<product_data>([\s\S]*)<\/product_data>$/.exec(buildProductData(product, "en", []));
  if (!match?.[1]) throw new Error("no product_data block");
  return JSON.parse(match[1]) as Record<string, unknown>;
}

describe("product data sent to the model", () => {
  it.each([24, 100])("states the total of %i variants, every option value and that the list is truncated", (total) => {
    const data = productData(snapshot(total));
    expect(data.variantCount).toBe(total);
    expect(data.variantsTruncated).toBe(true);
    expect((data.variants as unknown[]).length).toBeLessThan(total);
    expect(data.variantsListed).toBe((data.variants as unknown[]).length);
    expect(data.options).toEqual([
      { name: "Colour", values: Array.from({ length: Math.ceil(total / 6) }, (_, index) => `Colour ${index + 1}`), count: Math.ceil(total / 6) },
      { name: "Size", values: ["XS", "S", "M", "L", "XL", "XXL"], count: 6 },
    ]);
  });

  it("says the list is complete when every variant is listed", () => {
    const data = productData(snapshot(12));
    expect(data.variantCount).toBe(12);
    expect(data.variantsTruncated).toBe(false);
    expect((data.variants as unknown[]).length).toBe(12);
  });
});
