import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AdminApiError, runAdminQuery, throttleDelayMs } from "~/catalog/admin-client.server";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { emulatorAdminClient } from "../support/admin-client";

/** Shopify answers THROTTLED with HTTP 200; the app waits what the bucket says, then retries. */
const SHOP = "throttle.myshopify.com";
let admin: RunningAdminEmulator;

beforeAll(async () => {
  admin = await startAdminEmulator({ apiKey: "k", apiSecret: "s", scopes: "read_products", plan: "standard", shops: [{ domain: SHOP, seed: { products: 3, seed: 1 } }] });
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
  });

  it("computes the wait from requested cost, available points and restore rate", () => {
    expect(throttleDelayMs({ cost: { requestedQueryCost: 502, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2, restoreRate: 100 } } })).toBe(5050);
    expect(throttleDelayMs(undefined)).toBe(1000);
  });
});
