import type { ProductSnapshot } from "./product-facts.server";

/** A plain product as `loadProductSnapshot` returns it, for unit tests; override what the test is about. */
export function productSnapshot(overrides: Partial<ProductSnapshot> = {}): ProductSnapshot {
  return {
    shopName: "Shop",
    storefrontOrigin: "https://shop.example",
    currencyCode: "EUR",
    primaryLocale: "en",
    publishedLocales: ["en"],
    id: "gid://shopify/Product/1",
    title: "Linen Shirt",
    handle: "linen-shirt",
    vendor: "Plume",
    productType: "Shirts",
    category: null,
    status: "ACTIVE",
    tags: [],
    descriptionHtml: "",
    descriptionText: "",
    seoTitle: "",
    metaDescription: "",
    options: [],
    variants: [],
    variantCount: 0,
    images: [],
    metafields: [],
    ...overrides,
  };
}
