/**
 * The resource-based limit on variant creation: 50,000+ variants and not Plus means at most
 * 1,000 new variants a day; over it, HTTP 429 with VARIANT_THROTTLE_EXCEEDED and no Retry-After.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";
import { adminGraphQL, dig, startTestEmulator, TEST_SHOP, type TestEmulator } from "./test-support";
import { VARIANT_THROTTLE_MESSAGE } from "./variant-throttle";

const CREATE = `mutation Create($title: String!) { productCreate(product: { title: $title }) { product { id title } userErrors { field message } } }`;
const UPDATE = `mutation Update($id: ID!) { productUpdate(product: { id: $id, title: "Renamed" }) { product { id } userErrors { message } } }`;
const BIG = "big-store.myshopify.com";
const PLUS = "big-plus.myshopify.com";

let harness: TestEmulator;

beforeAll(async () => {
  harness = await startTestEmulator({
    shops: [
      { domain: TEST_SHOP, seed: { products: 3, seed: 1 } },
      { domain: BIG, plan: "standard", variants: 60_000, seed: { products: 3, seed: 2 } },
      { domain: PLUS, plan: "plus", variants: 60_000, seed: { products: 3, seed: 3 } },
    ],
  });
});

afterAll(async () => {
  await harness.emulator.close();
});

describe("variant creation limit", () => {
  it("lets a small store create freely", async () => {
    const token = harness.emulator.store.issueAccessToken(TEST_SHOP).token;
    harness.emulator.store.requireShop(TEST_SHOP).variantCreation.setCreatedToday(5_000);
    const response = await adminGraphQL(harness.emulator, token, CREATE, { title: "Small shop product" });
    expect(response.status).toBe(200);
    expect(dig(response.body.data, "productCreate", "product", "title")).toBe("Small shop product");
  });

  it("refuses the 1,001st variant of the day on a 50,000+ variant store with 429, and frees up after a day", async () => {
    const shop = harness.emulator.store.requireShop(BIG);
    const token = harness.emulator.store.issueAccessToken(BIG).token;
    shop.variantCreation.setCreatedToday(999);
    const last = await adminGraphQL(harness.emulator, token, CREATE, { title: "The thousandth" }, { shop: BIG });
    expect(last.status).toBe(200);
    expect(shop.variantCreation.createdToday()).toBe(1_000);

    const raw = await fetch(`${harness.emulator.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "x-plume-emulator-shop": BIG },
      body: JSON.stringify({ query: CREATE, variables: { title: "One too many" } }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get("retry-after")).toBeNull();
    const body = (await raw.json()) as { data: unknown; errors: unknown[]; extensions: { cost: unknown } };
    expect(body.data).toEqual({ productCreate: null });
    expect(body.errors).toEqual([{ message: VARIANT_THROTTLE_MESSAGE, locations: [{ line: 1, column: 36 }], path: ["productCreate"], extensions: { code: "VARIANT_THROTTLE_EXCEEDED" } }]);
    expect(body.extensions.cost).toBeDefined();
    expect(shop.catalog.all().some((product) => product.title === "One too many")).toBe(false);

    // productUpdate creates no variants in 2026-10, so the limit does not touch it.
    const update = await adminGraphQL(harness.emulator, token, UPDATE, { id: shop.catalog.all()[0]?.id }, { shop: BIG });
    expect(update.status).toBe(200);
    expect(dig(update.body.data, "productUpdate", "userErrors")).toEqual([]);

    harness.clock.advance(24 * 60 * 60 * 1000 + 1);
    const nextDay = await adminGraphQL(harness.emulator, token, CREATE, { title: "Next day" }, { shop: BIG });
    expect(nextDay.status).toBe(200);
  });

  it("exempts Shopify Plus stores", async () => {
    const shop = harness.emulator.store.requireShop(PLUS);
    const token = harness.emulator.store.issueAccessToken(PLUS).token;
    shop.variantCreation.setCreatedToday(5_000);
    const response = await adminGraphQL(harness.emulator, token, CREATE, { title: "Plus product" }, { shop: PLUS });
    expect(response.status).toBe(200);
    expect(dig(response.body.data, "productCreate", "userErrors")).toEqual([]);
  });
});
