/**
 * Requested and actual query cost against numbers Shopify itself reported.
 *
 * Evidence used (see README.md, "Cost model"):
 *  - `shop { name }` costs requested 1 / actual 1: Shopify staff's example
 *    response in Shopify/shopify-api-ruby#836, quoting the rate-limit docs.
 *  - `customers(first: 10) { nodes { id firstName lastName email } }` costs
 *    requested 12, and actual 3 when the page came back empty (real
 *    `extensions.cost` pasted in Shopify/shopify-api-js#602, whose `fields`
 *    breakdown gives nodes definedCost 1 and the connection 2 + 10 x 1).
 *  - `product(id:)` that returns null is charged actual 1
 *    (community.shopify.dev thread 23101).
 *  - Documented defaults (shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
 *    scalar/enum 0, object 1, connection sized by first/last, mutation 10,
 *    single query limit 1000.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminGraphQL, dig, startTestEmulator, TEST_SHOP, type TestEmulator } from "./test-support";

let harness: TestEmulator;
let token: string;

beforeAll(async () => {
  harness = await startTestEmulator({ plan: "enterprise" });
  token = harness.emulator.store.issueAccessToken(TEST_SHOP).token;
});

afterAll(async () => {
  await harness.emulator.close();
});

async function costOf(query: string, variables: Record<string, unknown> = {}) {
  const response = await adminGraphQL(harness.emulator, token, query, variables);
  expect(response.status).toBe(200);
  return { cost: response.body.extensions?.cost, body: response.body };
}

describe("calculated query cost", () => {
  it("charges one point for a single object with scalars (Shopify docs example: shop { name } = 1/1)", async () => {
    const { cost, body } = await costOf("{ shop { name } }");
    expect(body.errors).toBeUndefined();
    expect(cost?.requestedQueryCost).toBe(1);
    expect(cost?.actualQueryCost).toBe(1);
  });

  it("sizes a connection by first: 2 + 10 x 1 = 12 (matches Shopify/shopify-api-js#602)", async () => {
    const { cost } = await costOf("{ products(first: 10) { nodes { id title vendor } } }");
    expect(cost?.requestedQueryCost).toBe(12);
    expect(cost?.actualQueryCost).toBe(12);
  });

  it("charges an empty page 3, as Shopify did for an empty customers(first: 10) page (#602)", async () => {
    const { cost, body } = await costOf('{ products(first: 10, query: "title:\\"no such product anywhere\\"") { nodes { id } } }');
    expect(dig(body.data, "products", "nodes")).toEqual([]);
    expect(cost?.requestedQueryCost).toBe(12);
    expect(cost?.actualQueryCost).toBe(3);
  });

  it("charges the actual cost from the nodes returned: first 250 over a 60-product shop", async () => {
    const { cost } = await costOf("{ products(first: 250) { edges { cursor node { id title } } pageInfo { hasNextPage } } }");
    expect(cost?.requestedQueryCost).toBe(252);
    expect(cost?.actualQueryCost).toBe(62);
  });

  it("multiplies nested connections: 2 + 10 x (1 + 2 + 5 x 1) = 82", async () => {
    const { cost } = await costOf("{ products(first: 10) { nodes { id variants(first: 5) { nodes { price } } } } }");
    expect(cost?.requestedQueryCost).toBe(82);
    const actual = cost?.actualQueryCost ?? 0;
    expect(actual).toBeGreaterThan(2);
    expect(actual).toBeLessThanOrEqual(82);
  });

  it("charges a missing product(id:) 1 actual point (community.shopify.dev #23101)", async () => {
    const { cost, body } = await costOf('{ product(id: "gid://shopify/Product/1") { title variants(first: 250) { nodes { id } } } }');
    expect(dig(body.data, "product")).toBeNull();
    expect(cost?.requestedQueryCost).toBe(1 + 2 + 250);
    expect(cost?.actualQueryCost).toBe(1);
  });

  it("takes the maximum over an interface's possible selections for node(id:)", async () => {
    const product = harness.emulator.store.requireShop(TEST_SHOP).catalog.all()[0];
    const { cost } = await costOf("query ($id: ID!) { node(id: $id) { id ... on Product { title featuredMedia { id } } } }", { id: product?.id });
    // Product: 1 for the node + 1 for featuredMedia; other Node types select nothing extra.
    expect(cost?.requestedQueryCost).toBe(2);
  });

  it("charges a mutation 10 points regardless of its payload objects", async () => {
    const product = harness.emulator.store.requireShop(TEST_SHOP).catalog.all()[1];
    const { cost, body } = await costOf(
      "mutation ($product: ProductUpdateInput!) { productUpdate(product: $product) { product { id title seo { title } } userErrors { field message } } }",
      { product: { id: product?.id, title: "Cost probe" } },
    );
    expect(dig(body.data, "productUpdate", "userErrors")).toEqual([]);
    expect(cost?.requestedQueryCost).toBe(10);
    expect(cost?.actualQueryCost).toBe(10);
  });

  it("refuses a query over 1000 requested points with MAX_COST_EXCEEDED and charges nothing", async () => {
    const before = (await costOf("{ shop { id } }")).cost?.throttleStatus.currentlyAvailable ?? 0;
    const response = await adminGraphQL(harness.emulator, token, "{ products(first: 250) { nodes { id variants(first: 250) { nodes { id } } } } }");
    expect(response.status).toBe(200);
    expect(response.body.data).toBeUndefined();
    const error = response.body.errors?.[0];
    expect(error?.extensions?.["code"]).toBe("MAX_COST_EXCEEDED");
    expect(error?.extensions?.["maxCost"]).toBe(1000);
    expect(error?.extensions?.["cost"]).toBe(2 + 250 * (1 + 2 + 250));
    expect(error?.message).toMatch(/^Query cost is 63252, which exceeds the single query max cost limit \(1000\)\./);
    expect(response.body.extensions?.cost?.actualQueryCost).toBeNull();
    // Only the 1-point probe above was charged since then (the clock does not move).
    expect(response.body.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(before);
  });
});

describe("cost debug header", () => {
  const query = "query Debug { customers: products(first: 10) { nodes { id title } } }";

  it("adds the per-field breakdown for Shopify-GraphQL-Cost-Debug: 1, shaped like Shopify's (shopify-api-js#602)", async () => {
    const response = await adminGraphQL(harness.emulator, token, query, {}, { headers: { "Shopify-GraphQL-Cost-Debug": "1" } });
    const cost = response.body.extensions?.cost;
    expect(cost?.requestedQueryCost).toBe(12);
    expect(cost?.fields).toEqual([
      { path: ["customers", "nodes", "id"], definedCost: 0, requestedTotalCost: 0, requestedChildrenCost: null },
      { path: ["customers", "nodes", "title"], definedCost: 0, requestedTotalCost: 0, requestedChildrenCost: null },
      { path: ["customers", "nodes"], definedCost: 1, requestedTotalCost: 1, requestedChildrenCost: 0 },
      { path: ["customers"], definedCost: null, requestedTotalCost: 12, requestedChildrenCost: 1 },
    ]);
  });

  it("leaves the breakdown out without the header, with another value, or with the old header name", async () => {
    const variants: Record<string, string>[] = [{}, { "Shopify-GraphQL-Cost-Debug": "true" }, { "X-GraphQL-Cost-Include-Fields": "true" }];
    for (const headers of variants) {
      const response = await adminGraphQL(harness.emulator, token, query, {}, { headers });
      expect(response.body.extensions?.cost?.requestedQueryCost).toBe(12);
      expect(response.body.extensions?.cost).not.toHaveProperty("fields");
    }
  });
});
