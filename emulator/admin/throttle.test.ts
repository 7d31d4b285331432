/**
 * The leaky bucket: Standard plan 100 points/s into a 2000-point bucket (20x),
 * THROTTLED when the requested cost exceeds what is available, and recovery as
 * (injected) time passes. Throttled responses are HTTP 200 with
 * errors[].extensions.code = "THROTTLED" and actualQueryCost null, as Shopify
 * sends them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminGraphQL, startTestEmulator, type TestEmulator } from "./test-support";

const SHOP = "throttle-test.myshopify.com";
/** 2 + 250 x 1 = 252 requested; the shop has 300 products, so actual = requested. */
const EXPENSIVE = "{ products(first: 250) { nodes { id } } }";

let harness: TestEmulator;
let token: string;

beforeAll(async () => {
  harness = await startTestEmulator({ shops: [{ domain: SHOP, seed: { products: 300, seed: 5 } }] });
  token = harness.emulator.store.issueAccessToken(SHOP).token;
});

afterAll(async () => {
  await harness.emulator.close();
});

describe("throttling", () => {
  it("starts full on the Standard plan: 2000 available, restoring 100 per second", async () => {
    const response = await adminGraphQL(harness.emulator, token, "{ shop { name } }", {}, { shop: SHOP });
    expect(response.body.extensions?.cost?.throttleStatus).toEqual({ maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 });
  });

  it("throttles once the bucket cannot cover the requested cost, then recovers with time", async () => {
    // 1999 - 7 x 252 = 235 left: the eighth query cannot be covered.
    for (let request = 0; request < 7; request += 1) {
      const response = await adminGraphQL(harness.emulator, token, EXPENSIVE, {}, { shop: SHOP });
      expect(response.body.errors).toBeUndefined();
      expect(response.body.extensions?.cost?.actualQueryCost).toBe(252);
    }
    const throttled = await adminGraphQL(harness.emulator, token, EXPENSIVE, {}, { shop: SHOP });
    expect(throttled.status).toBe(200);
    expect(throttled.body.data).toBeUndefined();
    expect(throttled.body.errors).toEqual([{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }]);
    expect(throttled.body.extensions?.cost).toEqual({
      requestedQueryCost: 252,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 235, restoreRate: 100 },
    });

    // A cheap query still fits: throttling is by cost, not by request.
    const cheap = await adminGraphQL(harness.emulator, token, "{ shop { name } }", {}, { shop: SHOP });
    expect(cheap.body.errors).toBeUndefined();

    harness.clock.advance(1000); // 234 + 100 restored
    const recovered = await adminGraphQL(harness.emulator, token, EXPENSIVE, {}, { shop: SHOP });
    expect(recovered.body.errors).toBeUndefined();
    expect(recovered.body.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(334 - 252);

    const calls = harness.emulator.store.calls.forShop(SHOP);
    expect(calls.throttled).toBe(1);
    expect(calls.byRootField["products"]).toBe(9);
    // none of them a mutation: the write tally stays empty
    expect(calls.mutations).toEqual({ total: 0, requestedCost: 0, actualCost: 0 });
  });

  it("never refills above the bucket size", async () => {
    harness.clock.advance(3_600_000);
    const response = await adminGraphQL(harness.emulator, token, "{ shop { name } }", {}, { shop: SHOP });
    expect(response.body.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(1999);
  });

  it("uses the plan's restore rate: Plus restores 1000 points per second into a 20000-point bucket", async () => {
    const planResponse = await fetch(`${harness.emulator.url}/__emulator/shops/${SHOP}/plan`, { method: "PUT", body: JSON.stringify({ plan: "plus" }) });
    expect(planResponse.status).toBe(200);
    const drained = await fetch(`${harness.emulator.url}/__emulator/shops/${SHOP}/throttle`, { method: "PUT", body: JSON.stringify({ currentlyAvailable: 0 }) });
    expect(await drained.json()).toEqual({ maximumAvailable: 20000, currentlyAvailable: 0, restoreRate: 1000 });
    const throttled = await adminGraphQL(harness.emulator, token, "{ shop { name } }", {}, { shop: SHOP });
    expect(throttled.body.errors?.[0]?.extensions?.["code"]).toBe("THROTTLED");
    harness.clock.advance(500);
    const response = await adminGraphQL(harness.emulator, token, EXPENSIVE, {}, { shop: SHOP });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.extensions?.cost?.throttleStatus).toEqual({ maximumAvailable: 20000, currentlyAvailable: 500 - 252, restoreRate: 1000 });
  });
});
