import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AdminApiError, DEFAULT_429_RETRY_MS, PacingDeferredError, runAdminQuery, throttleDelayMs, VARIANT_THROTTLE_RETRY_MS } from "~/catalog/admin-client.server";
import { InMemoryAdminCostGate } from "~/pacing/admin-cost-gate";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { emulatorAdminClient } from "../support/admin-client";

/** Shopify answers THROTTLED with HTTP 200; the app waits what the bucket says, then retries. */
const SHOP = "throttle.myshopify.com";
let admin: RunningAdminEmulator;

beforeAll(async () => {
  admin = await startAdminEmulator({ apiKey: "k", apiSecret: "s", scopes: "read_products,write_products", plan: "standard", shops: [{ domain: SHOP, seed: { products: 3, seed: 1 } }] });
});

afterAll(async () => {
  await admin.close();
});

async function drainBucket() {
  const response = await fetch(`${admin.url}/__emulator/shops/${SHOP}/throttle`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ currentlyAvailable: 0 }) });
  expect(response.status).toBe(200);
}

describe("Admin API throttling", () => {
  it("waits for the bucket to refill and then succeeds", async () => {
    await drainBucket();
    const delays: number[] = [];
    // Requests 102 points (a connection of 100): at 100 points/s the bucket needs about a second.
    const data = await runAdminQuery(emulatorAdminClient(admin, SHOP), "Titles", `query Titles { products(first: 100) { nodes { title } } }`, z.object({ products: z.object({ nodes: z.array(z.object({ title: z.string() })) }) }), undefined, {
      sleep: async (milliseconds) => {
        delays.push(milliseconds);
        await new Promise((resolve) => setTimeout(resolve, milliseconds));
      },
    });
    expect(data.products.nodes).toHaveLength(3);
    expect(delays.length).toBeGreaterThanOrEqual(1);
    // The wait follows the bucket: about 102 points / 100 per second, not a blind guess.
    expect(delays[0]).toBeGreaterThan(500);
    expect(delays[0]).toBeLessThan(1500);
  });

  it("gives up after the allowed attempts with a retryable error", async () => {
    await drainBucket();
    const error = await runAdminQuery(emulatorAdminClient(admin, SHOP), "ShopName", `query Titles { products(first: 100) { nodes { title } } }`, z.object({ products: z.object({ nodes: z.array(z.object({ title: z.string() })) }) }), undefined, {
      maxThrottledAttempts: 1,
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AdminApiError);
    expect((error as AdminApiError).details.retryable).toBe(true);
    // …carrying when to come back, so a job defers the item instead of failing it
    expect((error as AdminApiError).details.retryAfterMs).toBeGreaterThan(0);
  });

  it("decides before sending: fed by the answers' extensions.cost, the shop's gate defers a call the bucket cannot take, and nothing is sent", async () => {
    await drainBucket();
    const gate = new InMemoryAdminCostGate();
    const query = `query Titles { products(first: 100) { nodes { title } } }`;
    const schema = z.object({ products: z.object({ nodes: z.array(z.object({ title: z.string() })) }) });
    // One answer (THROTTLED) tells the gate the bucket is empty and what the query asks for.
    await runAdminQuery(emulatorAdminClient(admin, SHOP), "Titles", query, schema, undefined, { gate, maxThrottledAttempts: 1 }).catch(() => undefined);
    await fetch(`${admin.url}/__emulator/calls?shop=${SHOP}`, { method: "DELETE" });
    const deferred = await runAdminQuery(emulatorAdminClient(admin, SHOP), "Titles", query, schema, undefined, { gate, pacing: "defer" }).catch((thrown: unknown) => thrown);
    expect(deferred).toBeInstanceOf(PacingDeferredError);
    // About 102 points at 100 per second.
    expect((deferred as PacingDeferredError).details.retryAfterMs).toBeGreaterThan(500);
    expect((deferred as PacingDeferredError).details.retryAfterMs).toBeLessThan(1100);
    const calls = (await (await fetch(`${admin.url}/__emulator/calls?shop=${SHOP}`)).json()) as { calls: { total: number } };
    expect(calls.calls.total).toBe(0);
    // The scheduler's question, without reserving: when could it send this?
    expect(await gate.delayFor(SHOP, 102)).toBeGreaterThan(0);
    // Waiting (interactive) instead: the call goes once the bucket has refilled, and is not THROTTLED.
    const sleeps: number[] = [];
    const data = await runAdminQuery(emulatorAdminClient(admin, SHOP), "Titles", query, schema, undefined, {
      gate,
      sleep: async (milliseconds) => {
        sleeps.push(milliseconds);
        await new Promise((resolve) => setTimeout(resolve, milliseconds));
      },
    });
    expect(data.products.nodes).toHaveLength(3);
    expect(sleeps.length).toBe(1);
    const after = (await (await fetch(`${admin.url}/__emulator/calls?shop=${SHOP}`)).json()) as { calls: { total: number; throttled: number } };
    expect(after.calls).toMatchObject({ total: 1, throttled: 0 });
  });

  it("computes the wait from requested cost, available points and restore rate", () => {
    expect(throttleDelayMs({ cost: { requestedQueryCost: 502, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2, restoreRate: 100 } } })).toBe(5050);
    expect(throttleDelayMs(undefined)).toBe(1000);
  });
});

describe("Admin API HTTP 429 (variant-creation limit)", () => {
  const BIG = "throttle-big.myshopify.com";

  it("surfaces as a retryable AdminApiError carrying the delay, without sleeping", async () => {
    // 50,000+ variants on a Standard plan, and the day's 1,000 new variants already used.
    const shop = admin.store.createShop({ domain: BIG, plan: "standard", variants: 60_000, seed: { products: 1, seed: 2 } });
    shop.variantCreation.setCreatedToday(1_000);
    const client = emulatorAdminClient(admin, BIG);
    const sleeps: number[] = [];
    const started = Date.now();
    const error = await runAdminQuery(client, "Create", `mutation Create { productCreate(product: { title: "New" }) { product { id } userErrors { message } } }`, z.unknown(), undefined, {
      sleep: async (milliseconds) => {
        sleeps.push(milliseconds);
      },
    }).catch((thrown: unknown) => thrown);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(sleeps).toEqual([]);
    expect(error).toBeInstanceOf(AdminApiError);
    const details = (error as AdminApiError).details;
    expect(details).toMatchObject({ status: 429, retryable: true, code: "VARIANT_THROTTLE_EXCEEDED", retryAfterMs: VARIANT_THROTTLE_RETRY_MS });
    expect(client.calls).toEqual(["Create"]); // one request: no blind retries of a daily limit
  });

  it("takes the delay from Retry-After, and from the library's HttpThrottlingError", async () => {
    const withHeader = { graphql: async () => new Response(JSON.stringify({ errors: [{ message: "Too Many Requests" }] }), { status: 429, headers: { "Retry-After": "2.5" } }) };
    const fromHeader = await runAdminQuery(withHeader, "Op", "query Op { shop { name } }", z.unknown()).catch((thrown: unknown) => thrown);
    expect((fromHeader as AdminApiError).details).toMatchObject({ status: 429, retryable: true, retryAfterMs: 2500 });

    const libraryError = Object.assign(new Error("Shopify is throttling requests"), { response: { code: 429, statusText: "Too Many Requests", retryAfter: 4, body: {} } });
    const throwing = { graphql: async () => Promise.reject(libraryError) };
    const fromLibrary = await runAdminQuery(throwing, "Op", "query Op { shop { name } }", z.unknown()).catch((thrown: unknown) => thrown);
    expect((fromLibrary as AdminApiError).details).toMatchObject({ status: 429, retryable: true, retryAfterMs: 4000 });

    const bare = { graphql: async () => new Response("{}", { status: 429 }) };
    const fallback = await runAdminQuery(bare, "Op", "query Op { shop { name } }", z.unknown()).catch((thrown: unknown) => thrown);
    expect((fallback as AdminApiError).details.retryAfterMs).toBe(DEFAULT_429_RETRY_MS);
  });
});
