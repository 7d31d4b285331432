/**
 * `productTypes(first:)`: a StringConnection of the distinct product types of
 * the seeded catalog (as the 2026-10 schema has it), computed from the store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminGraphQL, dig, startTestEmulator, type TestEmulator } from "./test-support";

const SHOP = "types-test.myshopify.com";
let harness: TestEmulator;
let token: string;
let expected: string[];

beforeAll(async () => {
  harness = await startTestEmulator({ shops: [{ domain: SHOP, seed: { products: 120, seed: 7 } }] });
  token = harness.emulator.store.issueAccessToken(SHOP).token;
  harness.emulator.store.createProduct(SHOP, { title: "Untyped thing", vendor: "Plume Labs", productType: "" });
  harness.emulator.store.createProduct(SHOP, { title: "Blue Midnight Candle", vendor: "Plume Labs", productType: "Aardvark Supplies" });
  const types = new Set(harness.emulator.store.requireShop(SHOP).catalog.all().map((product) => product.productType).filter((type) => type.trim() !== ""));
  expected = [...types].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
});

afterAll(async () => {
  await harness.emulator.close();
});

describe("productTypes", () => {
  it("lists the catalog's distinct, non-blank product types in order, as nodes and as edges", async () => {
    expect(expected.length).toBeGreaterThan(2);
    expect(expected).toContain("Aardvark Supplies");
    const response = await adminGraphQL(harness.emulator, token, "{ productTypes(first: 250) { nodes edges { node cursor } pageInfo { hasNextPage hasPreviousPage } } }", undefined, { shop: SHOP });
    expect(response.body.errors).toBeUndefined();
    expect(dig(response.body.data, "productTypes", "nodes")).toEqual(expected);
    const edges = dig(response.body.data, "productTypes", "edges") as Array<{ node: string; cursor: string }>;
    expect(edges.map((edge) => edge.node)).toEqual(expected);
    expect(dig(response.body.data, "productTypes", "pageInfo")).toEqual({ hasNextPage: false, hasPreviousPage: false });
  });

  it("pages with first/after and honours reverse", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response = await adminGraphQL(
        harness.emulator,
        token,
        "query ($after: String) { productTypes(first: 2, after: $after) { nodes pageInfo { hasNextPage endCursor } } }",
        { after },
        { shop: SHOP },
      );
      expect(response.body.errors).toBeUndefined();
      seen.push(...(dig(response.body.data, "productTypes", "nodes") as string[]));
      const pageInfo = dig(response.body.data, "productTypes", "pageInfo") as { hasNextPage: boolean; endCursor: string };
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    const reversed = await adminGraphQL(harness.emulator, token, "{ productTypes(first: 250, reverse: true) { nodes } }", undefined, { shop: SHOP });
    expect(dig(reversed.body.data, "productTypes", "nodes")).toEqual([...expected].reverse());
  });

  it("requires first or last, like every connection", async () => {
    const response = await adminGraphQL(harness.emulator, token, "{ productTypes { nodes } }", undefined, { shop: SHOP });
    expect(response.body.errors?.[0]?.message).toBe("you must provide one of first or last");
  });
});
