import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshIndexedProduct } from "~/catalog/catalog-index.server";
import { applyProposals } from "~/copy/product-workflow.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import { handleVerifiedWebhook } from "~/webhooks/receive.server";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { productWebhookPayload } from "../../emulator/admin/webhooks/payloads";
import { emulatorAdminClient } from "../support/admin-client";
import { freshSqlite, type TestDatabase } from "../support/databases";

/**
 * The products/update webhooks that Plume's own writes trigger: the index was
 * refreshed right after the write, so the echo must not read the product
 * again. A change the index does not have yet is still read.
 */
const SHOP = "echo.myshopify.com";
let admin: RunningAdminEmulator;
let testDatabase: TestDatabase;
let client: ReturnType<typeof emulatorAdminClient>;
let webhookCounter = 0;

beforeAll(async () => {
  admin = await startAdminEmulator({
    apiKey: "k",
    apiSecret: "s",
    scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
    plan: "plus",
    shops: [{ domain: SHOP, seed: { products: 0, seed: 9 } }],
  });
  testDatabase = await freshSqlite();
  client = emulatorAdminClient(admin, SHOP);
  await saveCopySettings(testDatabase.database, SHOP, copySettingsSchema.parse({ writePolicy: "overwrite" }));
});

afterAll(async () => {
  await Promise.all([admin.close(), testDatabase.close()]);
});

/** Delivers a products/update payload as the route would once the HMAC is verified; counts the re-reads it asks for. */
async function deliver(payload: unknown) {
  const refreshed: string[] = [];
  await handleVerifiedWebhook(testDatabase.database, { shop: SHOP, topic: "PRODUCTS_UPDATE", webhookId: `echo-${(webhookCounter += 1)}`, payload }, ["PRODUCTS_UPDATE"], async (productId) => {
    refreshed.push(productId);
    await refreshIndexedProduct(client, testDatabase.database, SHOP, productId);
  });
  return refreshed;
}

describe("webhook echo of Plume's own writes", () => {
  it("the products/update that Plume's apply triggers does not read the product again; a later change by someone else does", async () => {
    const record = admin.store.createProduct(SHOP, { title: "Wool scarf", vendor: "Plume Test", productType: "Scarf", status: "ACTIVE", variants: [{ price: "25.00" }], seo: { title: "Old", description: null } });
    const productId = `gid://shopify/Product/${record.legacyId}`;
    const proposal = await testDatabase.database.proposal.create({ data: { shop: SHOP, productId, field: "seoTitle", locale: "en", resourceId: "", value: "Warm wool scarf", backendId: "test", modelId: "test" } });
    const result = await applyProposals(client, testDatabase.database, SHOP, productId, { selections: [{ proposalId: proposal.id, value: proposal.value }] }, "test");
    expect(result.results).toEqual([expect.objectContaining({ status: "written" })]);

    // The payload Shopify sends after that productUpdate (the emulator builds it the same way).
    const echo = productWebhookPayload(admin.store.requireShop(SHOP).catalog.get(record.legacyId)!);
    expect(await deliver(echo)).toEqual([]);

    // Someone edits the product in the Shopify admin a second later: that one is read.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    admin.store.updateProduct(SHOP, record.legacyId, { seo: { title: "Edited in the Shopify admin" } });
    const later = productWebhookPayload(admin.store.requireShop(SHOP).catalog.get(record.legacyId)!);
    expect(await deliver(later)).toEqual([productId]);
    const indexed = await testDatabase.database.catalogProduct.findUniqueOrThrow({ where: { shop_productId: { shop: SHOP, productId } } });
    expect(indexed.seoTitleLength).toBe("Edited in the Shopify admin".length);

    // A late, out-of-order delivery of the older change is not read either.
    expect(await deliver(echo)).toEqual([]);
  });

  it("reads the product when the payload has no usable updated_at, or the product is not indexed yet", async () => {
    const record = admin.store.createProduct(SHOP, { title: "Cotton cap", vendor: "Plume Test", productType: "Cap", status: "ACTIVE", variants: [{ price: "15.00" }] });
    const productId = `gid://shopify/Product/${record.legacyId}`;
    const payload = productWebhookPayload(record) as Record<string, unknown>;
    expect(await deliver(payload)).toEqual([productId]);
    expect(await deliver({ id: record.legacyId, admin_graphql_api_id: productId })).toEqual([productId]);
    expect(await deliver({ ...payload, updated_at: "not a date" })).toEqual([productId]);
    expect(await deliver(payload)).toEqual([]);
  });
});
