/**
 * The seeded catalog: identical for the same seed, different for another, and
 * shaped like a real mixed store (verticals, languages, messy HTML, missing alt
 * text, statuses).
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ProductRecord } from "./store/records";
import { generateCatalog } from "./seed/generate-catalog";

const SHOP = "seed-test.myshopify.com";

function snapshot(product: ProductRecord): unknown {
  return {
    id: product.id,
    title: product.title,
    handle: product.handle,
    descriptionHtml: product.descriptionHtml,
    vendor: product.vendor,
    productType: product.productType,
    status: product.status,
    tags: product.tags,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    seo: product.seo,
    category: product.category,
    options: product.options.map((option) => [option.id, option.name, option.values]),
    variants: product.variants.map((variant) => [variant.id, variant.title, variant.sku, variant.price, variant.compareAtPrice, variant.inventoryQuantity, variant.barcode]),
    media: product.media.map((media) => [media.id, media.alt, media.url, media.width, media.height]),
    metafields: product.metafields.map((metafield) => [metafield.id, metafield.namespace, metafield.key, metafield.value]),
  };
}

function fingerprint(products: readonly ProductRecord[]): string {
  const hash = createHash("sha256");
  for (const product of products) hash.update(JSON.stringify(snapshot(product)));
  return hash.digest("hex");
}

describe("generateCatalog", () => {
  it("is deterministic: the same seed gives an identical catalog, another seed a different one", () => {
    const first = generateCatalog({ products: 2000, seed: 42, shopDomain: SHOP });
    const second = generateCatalog({ products: 2000, seed: 42, shopDomain: SHOP });
    const other = generateCatalog({ products: 2000, seed: 43, shopDomain: SHOP });
    expect(fingerprint(second.products)).toBe(fingerprint(first.products));
    expect(fingerprint(other.products)).not.toBe(fingerprint(first.products));
    // Lazily regenerated parts read the same every time.
    const product = first.products[7] as ProductRecord;
    expect(product.descriptionHtml).toBe(product.descriptionHtml);
    expect(product.variants.map((variant) => variant.sku)).toEqual(product.variants.map((variant) => variant.sku));
  });

  it("gives every shop its own id range and unique handles", () => {
    const a = generateCatalog({ products: 500, seed: 1, shopDomain: "a-shop.myshopify.com" });
    const b = generateCatalog({ products: 500, seed: 1, shopDomain: "b-shop.myshopify.com" });
    const idsA = new Set(a.products.map((product) => product.legacyId));
    expect(b.products.some((product) => idsA.has(product.legacyId))).toBe(false);
    expect(new Set(a.products.map((product) => product.handle)).size).toBe(500);
    expect(a.products.every((product) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(product.handle))).toBe(true);
  });

  it("looks like a real, messy catalog", () => {
    const { products } = generateCatalog({ products: 3000, seed: 7, shopDomain: SHOP });
    const share = (predicate: (product: ProductRecord) => boolean): number => products.filter(predicate).length / products.length;
    expect(new Set(products.map((product) => product.productType))).toEqual(new Set(["Apparel", "Beauty", "Electronics", "Home & Garden", "Food & Drink"]));
    expect(share((product) => product.contentLanguage === "fr")).toBeGreaterThan(0.04);
    expect(share((product) => product.contentLanguage === "de")).toBeGreaterThan(0.03);
    expect(share((product) => product.descriptionHtml === "")).toBeGreaterThan(0.05);
    expect(share((product) => /<font |style="/.test(product.descriptionHtml))).toBeGreaterThan(0.1);
    expect(share((product) => /&nbsp;/.test(product.descriptionHtml))).toBeGreaterThan(0.1);
    expect(products.some((product) => /<script/.test(product.descriptionHtml))).toBe(true);
    expect(products.some((product) => / onclick=/.test(product.descriptionHtml))).toBe(true);
    const images = products.flatMap((product) => product.media);
    expect(images.filter((media) => media.alt === null || media.alt === "").length / images.length).toBeGreaterThan(0.5);
    expect(images.some((media) => media.alt !== null && media.alt.length > 0)).toBe(true);
    expect(images.every((media) => /^gid:\/\/shopify\/MediaImage\/\d+$/.test(media.id))).toBe(true);
    expect(new Set(products.map((product) => product.status))).toEqual(new Set(["ACTIVE", "DRAFT", "ARCHIVED"]));
    expect(share((product) => product.metafields.length > 0)).toBeGreaterThan(0.2);
    expect(products.every((product) => product.variants.length >= 1 && product.variants.length <= 12)).toBe(true);
    expect(products.every((product) => product.updatedAt >= product.createdAt)).toBe(true);
  });

  it("seeds 10k products quickly (timing printed, not asserted)", () => {
    const started = performance.now();
    const { products } = generateCatalog({ products: 10_000, seed: 3, shopDomain: SHOP });
    const elapsed = performance.now() - started;
    console.log(`[seed] generateCatalog 10k products: ${elapsed.toFixed(0)} ms`);
    expect(products).toHaveLength(10_000);
  });
});
