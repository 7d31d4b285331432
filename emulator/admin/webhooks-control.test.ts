/**
 * Webhook delivery (headers, HMAC, REST-style payloads, only subscribed topics,
 * recorded statuses, redelivery with the same X-Shopify-Webhook-Id) and the
 * /__emulator control API that drives it.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adminGraphQL, startTestEmulator, startWebhookReceiver, TEST_API_SECRET, TEST_SHOP, type TestEmulator, type WebhookReceiver } from "./test-support";

let harness: TestEmulator;
let receiver: WebhookReceiver;
let base: string;

interface DeliveryView {
  deliveryId: string;
  webhookId: string;
  topic: string;
  shop: string;
  lastStatus: number | null;
  attempts: { status: number | null }[];
  body: string;
}

async function control<Body>(method: string, path: string, body?: unknown): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${base}/__emulator${path}`, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Body };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  harness = await startTestEmulator({
    appUrl: receiver.url,
    webhooks: [
      { topic: "products/create", uri: "/webhooks/products" },
      { topic: "products/update", uri: "/webhooks/products" },
      { topic: "products/delete", uri: `${receiver.url}/webhooks/products-delete` },
      { topic: "app/uninstalled", uri: "/webhooks/app/uninstalled" },
    ],
  });
  base = harness.emulator.url;
});

afterAll(async () => {
  await harness.emulator.close();
  await receiver.close();
});

beforeEach(() => {
  receiver.received.length = 0;
  receiver.status = 200;
});

describe("product webhooks from the control API", () => {
  it("delivers products/create, products/update and products/delete, signed, with REST-style bodies", async () => {
    const created = await control<{ product: { legacyId: number; id: string; handle: string } }>("POST", `/shops/${TEST_SHOP}/products?wait=1`, {
      title: "Control Candle",
      vendor: "Plume Labs",
      tags: ["soy", "gift"],
      images: [{ alt: null }],
      variants: [{ price: "12.50", sku: "CANDLE-1" }],
    });
    expect(created.status).toBe(201);
    expect(created.body.product.handle).toBe("control-candle");
    const id = created.body.product.legacyId;
    await control("PATCH", `/shops/${TEST_SHOP}/products/${id}?wait=1`, { title: "Control Candle, Large" });
    await control("DELETE", `/shops/${TEST_SHOP}/products/${encodeURIComponent(created.body.product.id)}?wait=1`);

    expect(receiver.received.map((entry) => [entry.path, entry.headers["x-shopify-topic"]])).toEqual([
      ["/webhooks/products", "products/create"],
      ["/webhooks/products", "products/update"],
      ["/webhooks/products-delete", "products/delete"],
    ]);
    for (const entry of receiver.received) {
      expect(entry.headers["x-shopify-hmac-sha256"]).toBe(createHmac("sha256", TEST_API_SECRET).update(entry.rawBody, "utf8").digest("base64"));
      expect(entry.headers["x-shopify-shop-domain"]).toBe(TEST_SHOP);
      expect(entry.headers["x-shopify-event-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(entry.headers["x-shopify-triggered-at"] ?? "")).not.toBeNaN();
    }
    const createBody = JSON.parse(receiver.received[0]?.rawBody ?? "{}") as Record<string, unknown>;
    expect(createBody).toMatchObject({ id, title: "Control Candle", vendor: "Plume Labs", tags: "soy, gift", status: "active", handle: "control-candle" });
    expect(createBody["variants"]).toEqual([expect.objectContaining({ price: "12.50", sku: "CANDLE-1", product_id: id, option1: "Default Title" })]);
    expect(createBody["images"]).toEqual([expect.objectContaining({ alt: null, position: 1, product_id: id })]);
    expect(JSON.parse(receiver.received[2]?.rawBody ?? "{}")).toEqual({ id });
  });

  it("records each attempt's status and redelivers with the same webhook id", async () => {
    receiver.status = 500;
    const product = harness.emulator.store.requireShop(TEST_SHOP).catalog.all()[0];
    const triggered = await control<{ deliveries: DeliveryView[] }>("POST", `/shops/${TEST_SHOP}/webhooks?wait=1`, { topic: "products/update", productId: product?.legacyId });
    expect(triggered.status).toBe(202);
    const deliveryId = triggered.body.deliveries[0]?.deliveryId ?? "";
    const listed = await control<{ deliveries: DeliveryView[] }>("GET", `/webhooks/deliveries?shop=${TEST_SHOP}&topic=products/update`);
    const failed = listed.body.deliveries.find((delivery) => delivery.deliveryId === deliveryId);
    expect(failed?.lastStatus).toBe(500);

    receiver.status = 200;
    const redelivered = await control<{ delivery: DeliveryView }>("POST", `/webhooks/deliveries/${deliveryId}/redeliver?wait=1`);
    expect(redelivered.body.delivery.attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
    const [first, second] = receiver.received;
    expect(first?.headers["x-shopify-webhook-id"]).toBe(second?.headers["x-shopify-webhook-id"]);
    expect(first?.rawBody).toBe(second?.rawBody);
  });

  it("does not deliver topics the app did not subscribe to", async () => {
    await control("POST", `/shops/${TEST_SHOP}/webhooks?wait=1`, { topic: "shop/update" });
    expect(receiver.received).toEqual([]);
  });
});

describe("uninstall", () => {
  it("revokes the shop's tokens and sends app/uninstalled", async () => {
    const token = await control<{ access_token: string }>("POST", `/shops/${TEST_SHOP}/access-tokens`, {});
    expect((await adminGraphQL(harness.emulator, token.body.access_token, "{ shop { name } }")).status).toBe(200);
    await control("POST", `/shops/${TEST_SHOP}/uninstall?wait=1`);
    expect((await adminGraphQL(harness.emulator, token.body.access_token, "{ shop { name } }")).status).toBe(401);
    expect(receiver.received.map((entry) => entry.headers["x-shopify-topic"])).toEqual(["app/uninstalled"]);
    expect(JSON.parse(receiver.received[0]?.rawBody ?? "{}")).toMatchObject({ myshopify_domain: TEST_SHOP, domain: TEST_SHOP });
  });
});

describe("control API", () => {
  it("reports health, creates seeded shops, counts calls and resets", async () => {
    expect((await control("GET", "/healthz")).body).toEqual({ ok: true, shops: 2 });
    const shop = await control<{ domain: string; products: number; plan: string }>("POST", "/shops", { domain: "fresh-shop.myshopify.com", seed: { products: 25, seed: 3 }, plan: "advanced" });
    expect(shop.body).toMatchObject({ domain: "fresh-shop.myshopify.com", products: 25, plan: "advanced" });

    const token = await control<{ access_token: string }>("POST", "/shops/fresh-shop.myshopify.com/access-tokens", { scopes: "read_products" });
    await adminGraphQL(harness.emulator, token.body.access_token, "query Listing { products(first: 5) { nodes { id } } }", {}, { shop: "fresh-shop.myshopify.com" });
    await adminGraphQL(harness.emulator, token.body.access_token, "query Listing { products(first: 5) { nodes { id } } }", {}, { shop: "fresh-shop.myshopify.com" });
    const calls = await control<{ calls: { total: number; byOperationName: Record<string, number>; byRootField: Record<string, number>; throttled: number } }>("GET", "/calls?shop=fresh-shop.myshopify.com");
    expect(calls.body.calls).toMatchObject({ total: 2, throttled: 0, byOperationName: { Listing: 2 }, byRootField: { products: 2 } });

    const invalid = await control<{ error: string }>("POST", "/shops", { domain: "not a domain" });
    expect(invalid.status).toBe(400);

    await control("POST", "/reset");
    expect((await control<{ shops: number }>("GET", "/healthz")).body.shops).toBe(2);
    expect((await control("GET", "/shops/fresh-shop.myshopify.com")).status).toBe(404);
  });
});
