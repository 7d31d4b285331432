import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogFilterSchema, catalogHealth, queryCatalog, refreshIndexedProduct, syncCatalog } from "~/catalog/catalog-index.server";
import { applyValues } from "~/copy/apply.server";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshPostgres, freshSqlite, type TestDatabase } from "../support/databases";

const SHOP = "index.myshopify.com";
const OTHER = "index-other.myshopify.com";
let admin: RunningAdminEmulator;
let testDatabase: TestDatabase;

beforeAll(async () => {
  admin = await startAdminEmulator({
    apiKey: "k",
    apiSecret: "s",
    scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
    plan: "plus",
    bulkDelayMs: 10,
    shops: [
      { domain: SHOP, seed: { products: 400, seed: 11 } },
      { domain: OTHER, seed: { products: 20, seed: 12 } },
    ],
  });
  testDatabase = await freshSqlite();
});

afterAll(async () => {
  await Promise.all([admin.close(), testDatabase.close()]);
});

/** The truth, from the emulator's own records. */
function expectedHealth(shop: string) {
  const products = admin.store.requireShop(shop).catalog.all();
  return {
    products: products.length,
    missingSeoTitle: products.filter((product) => !product.seo.title).length,
    missingAlt: products.filter((product) => product.media.some((media) => !media.alt?.trim())).length,
  };
}

describe("catalog index", () => {
  it("indexes the whole catalog with one bulk operation, and the health summary matches the store", async () => {
    const count = await syncCatalog(emulatorAdminClient(admin, SHOP), testDatabase.database, SHOP, { pollIntervalMs: 20 });
    const truth = expectedHealth(SHOP);
    expect(count).toBe(truth.products);
    const health = await catalogHealth(testDatabase.database, SHOP);
    expect(health.products).toBe(400);
    expect(health.missing.seoTitle).toBe(truth.missingSeoTitle);
    expect(health.missing.altText).toBe(truth.missingAlt);
    expect(health.missing.seoTitle).toBeGreaterThan(0);
  });

  it("joins media to products whatever the JSONL order (groupObjects defaults to false)", async () => {
    // The emulator scatters child lines as Shopify may when groupObjects is false: a product's media
    // can come before it, or after other products. Every product's counts must still match the store.
    await syncCatalog(emulatorAdminClient(admin, SHOP), testDatabase.database, SHOP, { pollIntervalMs: 20 });
    const truth = admin.store
      .requireShop(SHOP)
      .catalog.all()
      .map((product) => ({
        productId: product.id,
        imageCount: product.media.length,
        imagesMissingAlt: product.media.filter((media) => !media.alt?.trim()).length,
        // The Products list's thumbnail: the featured (first) image's URL.
        imageUrl: product.media[0]?.url ?? null,
      }))
      .sort((a, b) => a.productId.localeCompare(b.productId));
    const indexed = await testDatabase.database.catalogProduct.findMany({ where: { shop: SHOP }, select: { productId: true, imageCount: true, imagesMissingAlt: true, imageUrl: true } });
    expect(indexed.sort((a, b) => a.productId.localeCompare(b.productId))).toEqual(truth);
    expect(truth.filter((product) => product.imageCount > 0).length).toBeGreaterThan(100);
  });

  it("filters and pages from the index, scoped to the shop", async () => {
    await syncCatalog(emulatorAdminClient(admin, OTHER), testDatabase.database, OTHER, { pollIntervalMs: 20 });
    const missing = await queryCatalog(testDatabase.database, SHOP, catalogFilterSchema.parse({ missing: "seoTitle" }));
    expect(missing.total).toBe(expectedHealth(SHOP).missingSeoTitle);
    expect(missing.rows.every((row) => row.seoTitleLength === 0)).toBe(true);
    const page2 = await queryCatalog(testDatabase.database, SHOP, catalogFilterSchema.parse({ page: 2 }));
    expect(page2.rows).toHaveLength(50);
    expect(page2.total).toBe(400);
    const other = await queryCatalog(testDatabase.database, OTHER, catalogFilterSchema.parse({}));
    expect(other.total).toBe(20);
  });

  it("refreshes one product after Plume writes to it", async () => {
    const client = emulatorAdminClient(admin, SHOP);
    const [row] = (await queryCatalog(testDatabase.database, SHOP, catalogFilterSchema.parse({ missing: "seoTitle" }))).rows;
    await applyValues(client, testDatabase.database, { shop: SHOP, productId: row!.productId, values: [{ field: "seoTitle", locale: "en", resourceId: "", value: "Fresh title" }], writePolicy: "overwrite", source: "test", actor: "test" });
    await refreshIndexedProduct(client, testDatabase.database, SHOP, row!.productId);
    const after = await testDatabase.database.catalogProduct.findUniqueOrThrow({ where: { shop_productId: { shop: SHOP, productId: row!.productId } } });
    expect(after.seoTitleLength).toBe("Fresh title".length);
  });

  it("computes the same health summary on PostgreSQL", async () => {
    const postgres = await freshPostgres();
    if ("unavailable" in postgres) {
      console.log(`SKIP health summary on PostgreSQL: ${postgres.unavailable}`);
      return;
    }
    try {
      const rows = await testDatabase.database.catalogProduct.findMany({ where: { shop: SHOP } });
      await postgres.database.catalogProduct.createMany({ data: rows });
      expect(await catalogHealth(postgres.database, SHOP)).toEqual(await catalogHealth(testDatabase.database, SHOP));
      expect(await catalogHealth(postgres.database, "empty.myshopify.com")).toMatchObject({ products: 0, missing: { seoTitle: 0 } });
    } finally {
      await postgres.close();
    }
  });
});
