import { afterEach, describe, expect, it } from "vitest";
import database from "~/db.server";
import { action as complianceAction } from "~/routes/webhooks.compliance";
import { action as scopesUpdateAction } from "~/routes/webhooks.app.scopes_update";
import { action as uninstalledAction } from "~/routes/webhooks.app.uninstalled";
import { action as productsAction } from "~/routes/webhooks.products";
import { recordInstall, redactShop } from "~/shops/lifecycle.server";
import { OTHER_SHOP, TEST_SHOP } from "../support/environment";
import { webhookRequest, type WebhookOptions } from "../support/requests";

type Action = typeof uninstalledAction;

async function deliver(action: Action, path: string, options: WebhookOptions): Promise<Response> {
  try {
    return (await action({ request: webhookRequest(path, options), params: {}, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function installShop(shop: string) {
  await recordInstall(database, { shop, scopes: "read_products" });
  await database.session.create({ data: { id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: `t-${shop}` } });
}

async function countRows(shop: string) {
  const [sessions, deliveries, compliance, shops] = await Promise.all([
    database.session.count({ where: { shop } }),
    database.webhookDelivery.count({ where: { shop } }),
    database.complianceRequest.count({ where: { shop } }),
    database.shop.count({ where: { shop } }),
  ]);
  return { sessions, deliveries, compliance, shops };
}

afterEach(async () => {
  await redactShop(database, TEST_SHOP);
  await redactShop(database, OTHER_SHOP);
});

describe("webhook endpoints", () => {
  it("app/uninstalled with a valid HMAC removes the shop's sessions", async () => {
    await installShop(TEST_SHOP);
    const response = await deliver(uninstalledAction, "/webhooks/app/uninstalled", { topic: "app/uninstalled", shop: TEST_SHOP, body: { id: 1 } });
    expect(response.status).toBe(200);
    expect(await database.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
  });

  it("app/uninstalled stops the shop's running catalog sync (no sweep takes it over), not another shop's", async () => {
    await installShop(TEST_SHOP);
    const running = (shop: string) => ({ shop, status: "running", startedAt: new Date(), leaseOwner: "web-1", leaseUntil: new Date(Date.now() + 60_000), attempts: 1 });
    await database.catalogSync.createMany({ data: [running(TEST_SHOP), running(OTHER_SHOP)] });
    const response = await deliver(uninstalledAction, "/webhooks/app/uninstalled", { topic: "app/uninstalled", shop: TEST_SHOP, body: { id: 1 } });
    expect(response.status).toBe(200);
    expect(await database.catalogSync.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).toMatchObject({ status: "failed", errorCode: "uninstalled", leaseOwner: null, leaseUntil: null });
    expect(await database.catalogSync.findUniqueOrThrow({ where: { shop: OTHER_SHOP } })).toMatchObject({ status: "running", leaseOwner: "web-1" });
  });

  it("a bad HMAC is refused with 401 and has no effect", async () => {
    await installShop(TEST_SHOP);
    const response = await deliver(uninstalledAction, "/webhooks/app/uninstalled", {
      topic: "app/uninstalled",
      shop: TEST_SHOP,
      body: { id: 1 },
      hmac: Buffer.from("not the signature").toString("base64"),
    });
    expect(response.status).toBe(401);
    expect(await database.session.count({ where: { shop: TEST_SHOP } })).toBe(1);
  });

  it("a missing HMAC is refused with 401 and has no effect", async () => {
    await installShop(TEST_SHOP);
    const response = await deliver(uninstalledAction, "/webhooks/app/uninstalled", { topic: "app/uninstalled", shop: TEST_SHOP, body: { id: 1 }, hmac: null });
    expect(response.status).toBe(401);
    expect(await database.session.count({ where: { shop: TEST_SHOP } })).toBe(1);
  });

  it("app/scopes_update records the new scopes", async () => {
    await installShop(TEST_SHOP);
    const response = await deliver(scopesUpdateAction, "/webhooks/app/scopes_update", {
      topic: "app/scopes_update",
      shop: TEST_SHOP,
      body: { id: 1, previous: ["read_products"], current: ["read_products", "write_products"] },
    });
    expect(response.status).toBe(200);
    expect((await database.session.findUniqueOrThrow({ where: { id: `offline_${TEST_SHOP}` } })).scope).toBe("read_products,write_products");
  });

  it("a redelivered compliance webhook (same webhook id) has one effect", async () => {
    const options: WebhookOptions = {
      topic: "customers/data_request",
      shop: TEST_SHOP,
      webhookId: "fixed-delivery-id",
      body: { shop_id: 1, shop_domain: TEST_SHOP, customer: { id: 42, email: "c@example.com" }, orders_requested: [], data_request: { id: 5 } },
    };
    const first = await deliver(complianceAction, "/webhooks/compliance", options);
    const second = await deliver(complianceAction, "/webhooks/compliance", options);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await database.complianceRequest.count({ where: { shop: TEST_SHOP } })).toBe(1);
  });

  it("shop/redact leaves zero rows for that shop and touches no other shop's rows", async () => {
    await installShop(TEST_SHOP);
    await installShop(OTHER_SHOP);
    for (const shop of [TEST_SHOP, OTHER_SHOP]) {
      await deliver(complianceAction, "/webhooks/compliance", {
        topic: "customers/redact",
        shop,
        body: { shop_id: 1, shop_domain: shop, customer: { id: 1 }, orders_to_redact: [] },
      });
    }
    const otherBefore = await countRows(OTHER_SHOP);
    expect(otherBefore).toEqual({ sessions: 1, deliveries: 1, compliance: 1, shops: 1 });

    const response = await deliver(complianceAction, "/webhooks/compliance", {
      topic: "shop/redact",
      shop: TEST_SHOP,
      body: { shop_id: 1, shop_domain: TEST_SHOP },
    });

    expect(response.status).toBe(200);
    expect(await countRows(TEST_SHOP)).toEqual({ sessions: 0, deliveries: 0, compliance: 0, shops: 0 });
    expect(await countRows(OTHER_SHOP)).toEqual(otherBefore);
  });

  it("a topic sent to the wrong endpoint is not acted on", async () => {
    await installShop(TEST_SHOP);
    const response = await deliver(uninstalledAction, "/webhooks/app/uninstalled", {
      topic: "shop/redact",
      shop: TEST_SHOP,
      body: { shop_id: 1, shop_domain: TEST_SHOP },
    });
    expect(response.status).toBe(404);
    expect(await countRows(TEST_SHOP)).toMatchObject({ sessions: 1, shops: 1 });
  });

  it("products/delete removes the product from the catalog index, only for that shop", async () => {
    const row = (shop: string) => ({
      shop,
      productId: "gid://shopify/Product/42",
      title: "Gone",
      vendor: "V",
      productType: "T",
      status: "ACTIVE",
      hasDescription: true,
      seoTitleLength: 3,
      metaDescriptionLength: 3,
      imageCount: 0,
      imagesMissingAlt: 0,
      shopifyUpdatedAt: new Date(),
    });
    await database.catalogProduct.createMany({ data: [row(TEST_SHOP), row(OTHER_SHOP)] });
    const response = await deliver(productsAction, "/webhooks/products", { topic: "products/delete", shop: TEST_SHOP, body: { id: 42 } });
    expect(response.status).toBe(200);
    expect(await database.catalogProduct.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await database.catalogProduct.count({ where: { shop: OTHER_SHOP } })).toBe(1);
  });
});
