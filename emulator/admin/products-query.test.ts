/**
 * `products` search syntax, sorting and cursor pagination in both directions.
 * Expectations are computed from the store with plain predicates, so the
 * search implementation is checked against an independent reading of the
 * seeded catalog.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProductRecord } from "./store/records";
import { adminGraphQL, dig, startTestEmulator, TEST_SHOP, type TestEmulator } from "./test-support";

const SHOP = "search-test.myshopify.com";
let harness: TestEmulator;
let token: string;
let catalog: readonly ProductRecord[];

beforeAll(async () => {
  harness = await startTestEmulator({ plan: "enterprise", shops: [{ domain: SHOP, seed: { products: 400, seed: 99 } }, { domain: TEST_SHOP, seed: { products: 3, seed: 1 } }] });
  token = harness.emulator.store.issueAccessToken(SHOP).token;
  const store = harness.emulator.store;
  store.createProduct(SHOP, { title: "Midnight Blue Linen Shirt", vendor: "Plume Labs", productType: "Apparel", tags: ["linen", "featured"], status: "DRAFT" });
  store.createProduct(SHOP, { title: "Blue Midnight Candle", vendor: "Plume Labs", productType: "Home & Garden", tags: ["featured"] });
  // A snapshot: the store compacts its own array when products are deleted.
  catalog = [...store.requireShop(SHOP).catalog.all()];
});

afterAll(async () => {
  await harness.emulator.close();
});

async function productIds(query: string, extra = ""): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const response = await adminGraphQL(
      harness.emulator,
      token,
      `query ($query: String, $after: String) { products(first: 250, after: $after, query: $query${extra}) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
      { query, after },
      { shop: SHOP },
    );
    expect(response.body.errors).toBeUndefined();
    const nodes = dig(response.body.data, "products", "nodes") as { id: string }[];
    ids.push(...nodes.map((node) => node.id));
    if (!dig(response.body.data, "products", "pageInfo", "hasNextPage")) return ids;
    after = dig(response.body.data, "products", "pageInfo", "endCursor") as string;
  }
}

const idsOf = (products: readonly ProductRecord[]): string[] => products.map((product) => product.id);

describe("products search syntax", () => {
  it("filters by vendor, product_type, tag and status", async () => {
    const vendor = catalog[0]?.vendor ?? "";
    expect(await productIds(`vendor:"${vendor}"`)).toEqual(idsOf(catalog.filter((product) => product.vendor === vendor)));
    expect(await productIds("product_type:Beauty")).toEqual(idsOf(catalog.filter((product) => product.productType === "Beauty")));
    expect(await productIds("tag:gift")).toEqual(idsOf(catalog.filter((product) => product.tags.includes("gift"))));
    expect(await productIds("status:draft,archived")).toEqual(idsOf(catalog.filter((product) => product.status === "DRAFT" || product.status === "ARCHIVED")));
  });

  it("matches title words, prefixes and quoted phrases", async () => {
    const both = idsOf(catalog.filter((product) => product.title.includes("Midnight")));
    expect(both).toHaveLength(2);
    expect(await productIds("title:midnight")).toEqual(both);
    expect(await productIds("title:midn*")).toEqual(both);
    expect(await productIds('title:"midnight blue"')).toEqual(idsOf(catalog.filter((product) => product.title === "Midnight Blue Linen Shirt")));
    expect(await productIds("midnight candle")).toEqual(idsOf(catalog.filter((product) => product.title === "Blue Midnight Candle")));
  });

  it("combines terms with AND, OR, NOT, '-' and parentheses", async () => {
    const expected = catalog.filter((product) => (product.productType === "Food & Drink" || product.tags.includes("featured")) && product.status !== "DRAFT");
    expect(await productIds('(product_type:"Food & Drink" OR tag:featured) AND NOT status:draft')).toEqual(idsOf(expected));
    expect(await productIds('(product_type:"Food & Drink" OR tag:featured) -status:draft')).toEqual(idsOf(expected));
  });

  it("compares updated_at and id", async () => {
    const cutoff = Date.UTC(2024, 0, 1);
    expect(await productIds("updated_at:>2024-01-01T00:00:00Z")).toEqual(idsOf(catalog.filter((product) => product.updatedAt > cutoff)));
    expect(await productIds("updated_at:<'2024-01-01T00:00:00Z'")).toEqual(idsOf(catalog.filter((product) => product.updatedAt < cutoff)));
    const middle = catalog[200]?.legacyId ?? 0;
    expect(await productIds(`id:>${middle}`)).toEqual(idsOf(catalog.filter((product) => product.legacyId > middle)));
  });

  it("ignores an unknown search field and says so in extensions.search", async () => {
    const response = await adminGraphQL(harness.emulator, token, '{ products(first: 5, query: "colour:red") { nodes { id } } }', {}, { shop: SHOP });
    expect(dig(response.body.data, "products", "nodes")).toHaveLength(5);
    expect(response.body.extensions?.search).toEqual([{ path: ["products"], query: "colour:red", warnings: [{ field: "colour", message: "Invalid search field for this query." }] }]);
  });

  it("counts with productsCount", async () => {
    const response = await adminGraphQL(harness.emulator, token, '{ all: productsCount { count precision } featured: productsCount(query: "tag:featured") { count } capped: productsCount(limit: 10) { count precision } }', {}, { shop: SHOP });
    expect(response.body.data).toEqual({
      all: { count: catalog.length, precision: "EXACT" },
      featured: { count: catalog.filter((product) => product.tags.includes("featured")).length },
      capped: { count: 10, precision: "AT_LEAST" },
    });
  });
});

describe("products pagination", () => {
  it("walks forward with first/after and backward with last/before to the same list", async () => {
    const forward: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const response = await adminGraphQL(harness.emulator, token, "query ($after: String) { products(first: 37, after: $after, sortKey: TITLE) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }", { after }, { shop: SHOP });
      const edges = dig(response.body.data, "products", "edges") as { cursor: string; node: { id: string } }[];
      const pageInfo = dig(response.body.data, "products", "pageInfo") as { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
      expect(pageInfo.hasPreviousPage).toBe(pages > 0);
      expect(pageInfo.startCursor).toBe(edges[0]?.cursor);
      forward.push(...edges.map((edge) => edge.node.id));
      pages += 1;
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    const byTitle = [...catalog].sort((left, right) => (left.title.toLowerCase() < right.title.toLowerCase() ? -1 : left.title.toLowerCase() > right.title.toLowerCase() ? 1 : left.legacyId - right.legacyId));
    expect(forward).toEqual(idsOf(byTitle));
    expect(pages).toBe(Math.ceil(catalog.length / 37));

    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const response = await adminGraphQL(harness.emulator, token, "query ($before: String) { products(last: 50, before: $before, sortKey: TITLE) { nodes { id } pageInfo { hasPreviousPage startCursor } } }", { before }, { shop: SHOP });
      const nodes = dig(response.body.data, "products", "nodes") as { id: string }[];
      backward.unshift(...nodes.map((node) => node.id));
      if (!dig(response.body.data, "products", "pageInfo", "hasPreviousPage")) break;
      before = dig(response.body.data, "products", "pageInfo", "startCursor") as string;
    }
    expect(backward).toEqual(forward);
  });

  it("sorts by UPDATED_AT in reverse, newest first", async () => {
    const ids = await productIds("", ", sortKey: UPDATED_AT, reverse: true");
    const expected = [...catalog].sort((left, right) => right.updatedAt - left.updatedAt || right.legacyId - left.legacyId);
    expect(ids).toEqual(idsOf(expected));
  });

  it("keeps a cursor valid after its product is deleted", async () => {
    const first = await adminGraphQL(harness.emulator, token, "{ products(first: 3) { nodes { id legacyResourceId } pageInfo { endCursor } } }", {}, { shop: SHOP });
    const nodes = dig(first.body.data, "products", "nodes") as { id: string; legacyResourceId: string }[];
    const cursor = dig(first.body.data, "products", "pageInfo", "endCursor") as string;
    harness.emulator.store.deleteProduct(SHOP, Number(nodes[2]?.legacyResourceId));
    const next = await adminGraphQL(harness.emulator, token, "query ($after: String) { products(first: 1, after: $after) { nodes { id } } }", { after: cursor }, { shop: SHOP });
    expect(dig(next.body.data, "products", "nodes", 0, "id")).toBe(catalog[3]?.id);
  });

  it("looks products up by id through product(id:) and nodes(ids:)", async () => {
    const [a, b] = [catalog[5], catalog[6]];
    const response = await adminGraphQL(harness.emulator, token, "query ($id: ID!, $ids: [ID!]!) { product(id: $id) { title } nodes(ids: $ids) { ... on Product { handle } } }", { id: a?.id, ids: [a?.id, b?.id, "gid://shopify/Product/1"] }, { shop: SHOP });
    expect(response.body.data).toEqual({ product: { title: a?.title }, nodes: [{ handle: a?.handle }, { handle: b?.handle }, null] });
  });

  it("scopes products to their shop", async () => {
    const product = catalog[0];
    const response = await adminGraphQL(harness.emulator, harness.emulator.store.issueAccessToken(TEST_SHOP).token, "query ($id: ID!) { product(id: $id) { id } }", { id: product?.id });
    expect(dig(response.body.data, "product")).toBeNull();
  });
});
