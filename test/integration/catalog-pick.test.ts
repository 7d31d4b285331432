import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogSortKey } from "~/catalog/catalog-filter";
import { CATALOG_PICK_PAGE_SIZE, catalogPickQuerySchema, searchCatalogToPick } from "~/catalog/catalog-pick.server";
import type { Database } from "~/db/client.server";
import database from "~/db.server";
import { redactShop } from "~/shops/lifecycle.server";
import { TEST_ENVIRONMENT } from "../support/environment";
import { freshPostgres, freshSqlite, type TestDatabase } from "../support/databases";
import { loadRemixApp } from "../support/remix-app";
import { bearerRequest, sessionToken } from "../support/requests";
import { installOfflineSession } from "../support/sessions";

/**
 * The Compare page's product picker over the catalog index: a title or vendor search, folded like the
 * Products page's (case and accents), a short page at a time, only ever the asking shop's products;
 * and its route: session-token auth, 400 with a reason on a malformed query.
 */
const SHOP = "catalog-pick.myshopify.com";
const OTHER = "catalog-pick-other.myshopify.com";

function row(shop: string, number: number, title: string, vendor: string) {
  return {
    shop,
    productId: `gid://shopify/Product/${number}`,
    title,
    sortTitle: catalogSortKey(title),
    vendor,
    productType: "Scarf",
    status: "ACTIVE",
    hasDescription: true,
    seoTitleLength: 0,
    metaDescriptionLength: 0,
    imageCount: 0,
    imagesMissingAlt: 0,
    shopifyUpdatedAt: new Date("2026-11-01T00:00:00Z"),
  };
}

/** 23 products in the shop (2 by Hermès, one "Écharpe"), 4 in another shop that match every search too. */
async function seed(target: Database) {
  const mine = [
    row(SHOP, 1, "Écharpe en laine", "Maison Dupont"),
    row(SHOP, 2, "Silk tie", "Hermès"),
    row(SHOP, 3, "Carré en soie", "HERMÈS"),
    ...Array.from({ length: 20 }, (_, index) => row(SHOP, 10 + index, `Mug ${String(index + 1).padStart(2, "0")}`, "Acme")),
  ];
  const theirs = [row(OTHER, 1, "Écharpe rouge", "Hermès"), row(OTHER, 500, "Mug 99", "Acme"), row(OTHER, 501, "Echarpe bleue", "Acme"), row(OTHER, 502, "Silk scarf", "Hermès")];
  await target.catalogProduct.createMany({ data: [...mine, ...theirs] });
}

const search = (target: Database, shop: string, input: Record<string, string>) => searchCatalogToPick(target, shop, catalogPickQuerySchema.parse(input));

async function checkSearch(target: Database) {
  await seed(target);
  // everything, a page at a time, in title order, only this shop's
  const first = await search(target, SHOP, {});
  expect(CATALOG_PICK_PAGE_SIZE).toBe(10);
  expect(first).toMatchObject({ total: 23, page: 1, pageCount: 3 });
  expect(first.rows.map((entry) => entry.title).slice(0, 3)).toEqual(["Carré en soie", "Écharpe en laine", "Mug 01"]);
  const last = await search(target, SHOP, { page: "3" });
  expect(last.rows.map((entry) => entry.title)).toEqual(["Mug 19", "Mug 20", "Silk tie"]);
  const pages = [first, await search(target, SHOP, { page: "2" }), last].flatMap((page) => page.rows);
  expect(new Set(pages.map((entry) => entry.id)).size).toBe(23);
  expect((await search(target, SHOP, { page: "4" })).rows).toEqual([]);

  // a title, without its accent or its case; the other shop's "Écharpe rouge" and "Echarpe bleue" never show
  const scarf = await search(target, SHOP, { query: "ECHARPE" });
  expect(scarf.rows).toEqual([{ id: "gid://shopify/Product/1", title: "Écharpe en laine", vendor: "Maison Dupont", status: "ACTIVE", imageUrl: null }]);
  expect(scarf.total).toBe(1);
  // a vendor, folded the same way: both spellings of Hermès, not the other shop's
  const hermes = await search(target, SHOP, { query: "hermes" });
  expect(hermes.rows.map((entry) => entry.title).sort()).toEqual(["Carré en soie", "Silk tie"]);
  // title or vendor: "mug 1" is ten mugs (01 is "mug 01"; 1x are 10–19), never the other shop's
  const mugs = await search(target, SHOP, { query: "mug 1" });
  expect(mugs.total).toBe(10);
  expect(mugs.rows.every((entry) => entry.vendor === "Acme" && entry.title.startsWith("Mug 1"))).toBe(true);
  expect((await search(target, SHOP, { query: "nothing like this" })).total).toBe(0);
  // the other shop sees its own
  expect((await search(target, OTHER, { query: "echarpe" })).rows.map((entry) => entry.title).sort()).toEqual(["Echarpe bleue", "Écharpe rouge"]);
}

describe("the compare picker's catalog search", () => {
  it("on SQLite", async () => {
    const test: TestDatabase = await freshSqlite();
    try {
      await checkSearch(test.database);
    } finally {
      await test.close();
    }
  });

  it("on PostgreSQL (when reachable)", async (context) => {
    const test = await freshPostgres();
    if ("unavailable" in test) return context.skip(test.unavailable);
    try {
      await checkSearch(test.database);
    } finally {
      await test.close();
    }
  });

  it("refuses a malformed query with a reason", () => {
    for (const input of [{ page: "0" }, { page: "abc" }, { page: "1001" }, { page: "1.5" }, { query: "x".repeat(201) }]) {
      expect(catalogPickQuerySchema.safeParse(input).success, JSON.stringify(input).slice(0, 60)).toBe(false);
    }
    expect(catalogPickQuerySchema.parse({ query: "  scarf ", page: "2" })).toEqual({ query: "scarf", page: 2 });
  });
});

describe("the picker's route", () => {
  let app: Awaited<ReturnType<typeof loadRemixApp>>;
  let token: string;

  beforeAll(async () => {
    app = await loadRemixApp();
    for (const shop of [SHOP, OTHER]) await redactShop(database, shop);
    await installOfflineSession(database, SHOP);
    await database.shop.create({ data: { shop: SHOP, scopes: TEST_ENVIRONMENT.SCOPES } });
    await seed(database);
    token = await sessionToken(SHOP);
  }, 60_000);

  afterAll(async () => {
    for (const shop of [SHOP, OTHER]) await redactShop(database, shop);
    await app.close();
  });

  it("answers the shop's matches, never another shop's", async () => {
    const response = await app.handle(bearerRequest("/app/catalog/search.data?query=echarpe", token));
    const text = await response.text();
    expect(response.status, text.slice(0, 300)).toBe(200);
    expect(text).toContain("Écharpe en laine");
    expect(text).not.toContain("Écharpe rouge");
    expect(text).not.toContain("Echarpe bleue");
  });

  it.each([
    ["page 0", "?page=0"],
    ["a page that is not a number", "?page=two"],
    ["a search over 200 characters", `?query=${"x".repeat(201)}`],
  ])("%s → 400 with the reason", async (_name, search) => {
    const response = await app.handle(bearerRequest(`/app/catalog/search.data${search}`, token));
    const text = await response.text();
    expect(response.status, text.slice(0, 300)).toBe(400);
    expect(text).toContain("invalid_input");
  });

  it("needs a session token", async () => {
    const response = await app.handle(bearerRequest("/app/catalog/search.data?query=echarpe"));
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain("Écharpe en laine");
  });
});
