import { afterAll, describe, expect, it } from "vitest";
import { catalogFilterSchema, catalogSortKey, queryCatalog } from "~/catalog/catalog-index.server";
import { freshPostgres, freshSqlite, type TestDatabase } from "../support/databases";
import { TEST_SHOP } from "../support/environment";

/**
 * The Products list sorts and searches the way a merchant reads titles: "Écharpe" with the
 * E's, not after "Zèbre"; "echarpe" or "ÉCHARPE" finds it; the same on SQLite and PostgreSQL.
 */
const sqlite = await freshSqlite();
const postgres = await freshPostgres();
if ("unavailable" in postgres) console.log(`SKIP catalog query tests on PostgreSQL: ${postgres.unavailable}`);
const databases: TestDatabase[] = "unavailable" in postgres ? [sqlite] : [sqlite, postgres];
afterAll(async () => {
  await Promise.all(databases.map((entry) => entry.close()));
});

const TITLES = ["Zèbre en peluche", "écharpe en laine", "Écharpe en soie", "Eclipse Lamp", "apron", "Œuf en céramique", "Straße Poster", "Banana Stand"];

async function seed(database: TestDatabase["database"]) {
  await database.catalogProduct.createMany({
    data: TITLES.map((title, index) => ({
      shop: TEST_SHOP,
      productId: `gid://shopify/Product/${index + 1}`,
      title,
      sortTitle: catalogSortKey(title),
      vendor: "V",
      productType: "T",
      status: "ACTIVE",
      hasDescription: true,
      seoTitleLength: 10,
      metaDescriptionLength: 10,
      imageCount: 0,
      imagesMissingAlt: 0,
      shopifyUpdatedAt: new Date(),
    })),
  });
}

describe("catalogSortKey", () => {
  it("folds case, accents and ligatures", () => {
    expect(catalogSortKey("Écharpe")).toBe("echarpe");
    expect(catalogSortKey("ŒUF")).toBe("oeuf");
    expect(catalogSortKey("Straße")).toBe("strasse");
    expect(catalogSortKey("ｆｕｌｌ　ｗｉｄｔｈ")).toBe("full width");
  });
});

describe.each(databases)("$kind: Products list order and search", ({ database }) => {
  it("sorts accented and lower-case titles with their letter", async () => {
    await seed(database);
    const result = await queryCatalog(database, TEST_SHOP, catalogFilterSchema.parse({}));
    expect(result.rows.map((row) => row.title)).toEqual([
      "apron",
      "Banana Stand",
      "écharpe en laine",
      "Écharpe en soie",
      "Eclipse Lamp",
      "Œuf en céramique",
      "Straße Poster",
      "Zèbre en peluche",
    ]);
  });

  it("finds titles whatever the case and accents of the search", async () => {
    for (const query of ["echarpe", "ÉCHARPE", "Echarpe"]) {
      const result = await queryCatalog(database, TEST_SHOP, catalogFilterSchema.parse({ query }));
      expect(result.rows.map((row) => row.title), query).toEqual(["écharpe en laine", "Écharpe en soie"]);
    }
    expect((await queryCatalog(database, TEST_SHOP, catalogFilterSchema.parse({ query: "strasse" }))).total).toBe(1);
    expect((await queryCatalog(database, TEST_SHOP, catalogFilterSchema.parse({ query: "ZÈBRE" }))).total).toBe(1);
  });
});
