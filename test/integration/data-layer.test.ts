import { afterAll, describe, expect, it } from "vitest";
import { recordInstall, recordUninstall, redactShop, SHOP_SCOPED_TABLES, updateScopes } from "~/shops/lifecycle.server";
import { handleVerifiedWebhook } from "~/webhooks/receive.server";
import { freshPostgres, freshSqlite, type TestDatabase } from "../support/databases";
import { OTHER_SHOP, TEST_SHOP } from "../support/environment";

// The same data-layer tests against SQLite always and PostgreSQL when reachable.
const sqlite = await freshSqlite();
const postgres = await freshPostgres();
if ("unavailable" in postgres) console.log(`SKIP data-layer tests on PostgreSQL: ${postgres.unavailable}`);
const databases: TestDatabase[] = "unavailable" in postgres ? [sqlite] : [sqlite, postgres];

afterAll(async () => {
  await Promise.all(databases.map((entry) => entry.close()));
});

async function seedShop(database: TestDatabase["database"], shop: string) {
  await recordInstall(database, { shop, scopes: "read_products" });
  await database.session.create({ data: { id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: `token-${shop}` } });
  await database.webhookDelivery.create({ data: { webhookId: `wh-${shop}`, shop, topic: "APP_SCOPES_UPDATE" } });
  await database.complianceRequest.create({ data: { id: `cr-${shop}`, shop, topic: "CUSTOMERS_REDACT", payload: "{}" } });
  await database.modelSettings.create({ data: { shop, primaryBackend: "openai", primaryModel: "gpt-6-luna" } });
  await database.backendConnection.create({ data: { shop, backendId: "openai", sealedApiKey: "c2VhbGVk", keyVersion: 1, apiKeyLast4: "1234" } });
  await database.usageLedger.create({
    data: {
      shop,
      backendId: "openai",
      modelId: "gpt-6-luna",
      purpose: "test",
      inputTokens: 10,
      cachedInputTokens: 0,
      outputTokens: 5,
      costMicros: 12n,
      priceTableDate: "2025-10-01",
      latencyMs: 100,
      outcome: "ok",
      attempt: 1,
    },
  });
  await database.copySettings.create({ data: { shop, settings: "{}" } });
  await database.proposal.create({ data: { shop, productId: "gid://shopify/Product/1", field: "seoTitle", locale: "en", value: "x", backendId: "templates", modelId: "default" } });
  await database.revision.create({ data: { shop, productId: "gid://shopify/Product/1", field: "seoTitle", locale: "en", previousValue: "a", newValue: "b", source: "test", actor: "test" } });
  await database.catalogProduct.create({
    data: {
      shop,
      productId: "gid://shopify/Product/1",
      title: "T",
      vendor: "V",
      productType: "P",
      status: "ACTIVE",
      hasDescription: true,
      seoTitleLength: 1,
      metaDescriptionLength: 1,
      imageCount: 1,
      imagesMissingAlt: 0,
      shopifyUpdatedAt: new Date(),
    },
  });
  await database.catalogSync.create({ data: { shop, status: "completed", startedAt: new Date() } });
  const job = await database.job.create({ data: { shop, status: "running", mode: "review", request: "{}", selection: "{}", estimate: "{}", createdBy: "test" } });
  await database.jobItem.create({ data: { jobId: job.id, shop, productId: "gid://shopify/Product/1" } });
  await database.jobRevert.create({ data: { shop, jobId: job.id, activeJobId: job.id, actor: "test" } });
  await database.budgetHold.create({ data: { shop, jobId: job.id, micros: 1000n, expiresAt: new Date(Date.now() + 60_000) } });
  await database.jobAnswer.create({ data: { shop, jobId: job.id, productId: "gid://shopify/Product/1", key: `k-${shop}`, backendId: "openai", modelId: "gpt-6-luna", output: "{}", usage: "{}" } });
  await database.flowTriggerEvent.create({ data: { shop, handle: "plume-job-finished", eventKey: `job-finished:${job.id}`, payload: "{}" } });
  await database.automationSettings.create({ data: { shop, newProducts: "{}" } });
  await database.automationSkip.create({ data: { shop, productId: "gid://shopify/Product/2", reason: "budget_exceeded" } });
  const comparison = await database.comparison.create({ data: { shop, request: "{}", models: "[]", actor: "merchant" } });
  await database.comparisonResult.create({ data: { shop, comparisonId: comparison.id, column: 0, backendId: "templates", modelId: "default", productId: "gid://shopify/Product/1" } });
  await database.comparisonVote.create({ data: { shop, comparisonId: comparison.id, productId: "gid://shopify/Product/1", field: "seoTitle", column: 0 } });
  const bulkWrite = await database.bulkWrite.create({ data: { shop, jobId: job.id, status: "running", operationId: "gid://shopify/BulkOperation/1", lines: 1 } });
  await database.bulkWriteLine.create({ data: { shop, jobId: job.id, itemId: `item-${shop}`, productId: "gid://shopify/Product/1", bulkWriteId: bulkWrite.id, lineNumber: 0, revisionIds: "[]" } });
}

async function rowCounts(database: TestDatabase["database"], shop: string) {
  return {
    session: await database.session.count({ where: { shop } }),
    webhookDelivery: await database.webhookDelivery.count({ where: { shop } }),
    complianceRequest: await database.complianceRequest.count({ where: { shop } }),
    shop: await database.shop.count({ where: { shop } }),
    modelSettings: await database.modelSettings.count({ where: { shop } }),
    backendConnection: await database.backendConnection.count({ where: { shop } }),
    usageLedger: await database.usageLedger.count({ where: { shop } }),
    copySettings: await database.copySettings.count({ where: { shop } }),
    proposal: await database.proposal.count({ where: { shop } }),
    revision: await database.revision.count({ where: { shop } }),
    catalogProduct: await database.catalogProduct.count({ where: { shop } }),
    catalogSync: await database.catalogSync.count({ where: { shop } }),
    job: await database.job.count({ where: { shop } }),
    jobItem: await database.jobItem.count({ where: { shop } }),
    jobRevert: await database.jobRevert.count({ where: { shop } }),
    budgetHold: await database.budgetHold.count({ where: { shop } }),
    jobAnswer: await database.jobAnswer.count({ where: { shop } }),
    flowTriggerEvent: await database.flowTriggerEvent.count({ where: { shop } }),
    automationSettings: await database.automationSettings.count({ where: { shop } }),
    automationSkip: await database.automationSkip.count({ where: { shop } }),
    comparison: await database.comparison.count({ where: { shop } }),
    comparisonResult: await database.comparisonResult.count({ where: { shop } }),
    comparisonVote: await database.comparisonVote.count({ where: { shop } }),
    bulkWrite: await database.bulkWrite.count({ where: { shop } }),
    bulkWriteLine: await database.bulkWriteLine.count({ where: { shop } }),
  };
}

describe.each(databases)("data layer on $kind", ({ database }) => {
  it("shop/redact deletes every row of that shop and no other shop's", async () => {
    await seedShop(database, TEST_SHOP);
    await seedShop(database, OTHER_SHOP);
    const before = await rowCounts(database, OTHER_SHOP);

    const deleted = await redactShop(database, TEST_SHOP);

    const one = {
      session: 1,
      webhookDelivery: 1,
      complianceRequest: 1,
      shop: 1,
      modelSettings: 1,
      backendConnection: 1,
      usageLedger: 1,
      copySettings: 1,
      proposal: 1,
      revision: 1,
      catalogProduct: 1,
      catalogSync: 1,
      job: 1,
      jobItem: 1,
      jobRevert: 1,
      budgetHold: 1,
      jobAnswer: 1,
      flowTriggerEvent: 1,
      automationSettings: 1,
      automationSkip: 1,
      comparison: 1,
      comparisonResult: 1,
      comparisonVote: 1,
      bulkWrite: 1,
      bulkWriteLine: 1,
    };
    expect(deleted).toEqual(one);
    expect(before).toEqual(one);
    expect(Object.values(await rowCounts(database, TEST_SHOP)).every((count) => count === 0)).toBe(true);
    expect(await rowCounts(database, OTHER_SHOP)).toEqual(before);
    await redactShop(database, OTHER_SHOP);
  });

  it("covers every model that has a shop column", async () => {
    const { Prisma } = await import("@prisma/client");
    const shopModels = Prisma.dmmf.datamodel.models
      .filter((model) => model.fields.some((field) => field.name === "shop"))
      .map((model) => model.name.charAt(0).toLowerCase() + model.name.slice(1))
      .sort();
    expect([...SHOP_SCOPED_TABLES].sort()).toEqual(shopModels);
  });

  it("uninstall removes the shop's sessions and keeps its record until shop/redact", async () => {
    await seedShop(database, TEST_SHOP);
    await recordUninstall(database, TEST_SHOP, new Date("2026-11-01T00:00:00Z"));
    expect(await database.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
    const shop = await database.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
    expect(shop.uninstalledAt?.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    // its running job stops: the item is cancelled and the job's budget reservation released
    expect(await database.job.findFirstOrThrow({ where: { shop: TEST_SHOP } })).toMatchObject({ status: "cancelled", reservedMicros: 0n });
    expect(await database.jobItem.findFirstOrThrow({ where: { shop: TEST_SHOP } })).toMatchObject({ status: "cancelled" });
    // a revert it had queued stops too (nothing could be written any more), and no longer blocks a new one
    expect(await database.jobRevert.findFirstOrThrow({ where: { shop: TEST_SHOP } })).toMatchObject({ status: "failed", activeJobId: null });
    await recordInstall(database, { shop: TEST_SHOP, scopes: "read_products" });
    expect((await database.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).uninstalledAt).toBeNull();
    await redactShop(database, TEST_SHOP);
  });

  it("scopes_update writes the granted scopes to the shop's sessions", async () => {
    await seedShop(database, TEST_SHOP);
    await updateScopes(database, TEST_SHOP, ["read_products", "write_products"]);
    const session = await database.session.findUniqueOrThrow({ where: { id: `offline_${TEST_SHOP}` } });
    expect(session.scope).toBe("read_products,write_products");
    await redactShop(database, TEST_SHOP);
  });

  it("a redelivered webhook has exactly one effect", async () => {
    const webhook = {
      shop: TEST_SHOP,
      topic: "CUSTOMERS_DATA_REQUEST",
      webhookId: "delivery-1",
      payload: { shop_id: 1, shop_domain: TEST_SHOP, customer: { id: 7, email: "a@b.c" }, orders_requested: [1], data_request: { id: 9 } },
    };
    const results = [
      await handleVerifiedWebhook(database, webhook, ["CUSTOMERS_DATA_REQUEST"]),
      await handleVerifiedWebhook(database, webhook, ["CUSTOMERS_DATA_REQUEST"]),
    ];
    expect(results).toEqual(["handled", "duplicate"]);
    const requests = await database.complianceRequest.findMany({ where: { shop: TEST_SHOP } });
    expect(requests).toHaveLength(1);
    // Customer contact details are not kept: ids only.
    expect(requests[0]?.payload).not.toContain("a@b.c");
    await redactShop(database, TEST_SHOP);
  });

  it("concurrent deliveries of the same webhook still have one effect", async () => {
    const webhook = {
      shop: TEST_SHOP,
      topic: "CUSTOMERS_REDACT",
      webhookId: "delivery-concurrent",
      payload: { shop_id: 1, shop_domain: TEST_SHOP, customer: { id: 7 }, orders_to_redact: [] },
    };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => handleVerifiedWebhook(database, webhook, ["CUSTOMERS_REDACT"])),
    );
    expect(results.filter((result) => result === "handled")).toHaveLength(1);
    expect(await database.complianceRequest.count({ where: { shop: TEST_SHOP } })).toBe(1);
    await redactShop(database, TEST_SHOP);
  });

  it("a webhook whose payload does not parse leaves no claim behind, so Shopify's retry is processed", async () => {
    const webhook = { shop: TEST_SHOP, topic: "APP_SCOPES_UPDATE", webhookId: "delivery-bad", payload: { current: "not-a-list" } };
    await expect(handleVerifiedWebhook(database, webhook, ["APP_SCOPES_UPDATE"])).rejects.toThrow();
    expect(await database.webhookDelivery.count({ where: { webhookId: "delivery-bad" } })).toBe(0);
  });

  it("takes an `in` list of 5,000 ids in one query (a bulk write reads its lines' revisions so; Prisma assumed 999 for SQLite)", async () => {
    const shop = "bind-limit.myshopify.com";
    await database.revision.createMany({
      data: Array.from({ length: 5000 }, (_, index) => ({ id: `bind-${index}`, shop, productId: `gid://shopify/Product/${index}`, field: "seoTitle", locale: "en", resourceId: "", newValue: "x", source: "test", actor: "test" })),
    });
    const ids = Array.from({ length: 5000 }, (_, index) => `bind-${index}`);
    expect(await database.revision.count({ where: { id: { in: ids }, shop } })).toBe(5000);
    expect((await database.revision.findMany({ where: { id: { in: ids }, shop }, select: { id: true } })).length).toBe(5000);
    await database.revision.deleteMany({ where: { shop } });
  });
});
