import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onProductCreated } from "~/automation/new-product.server";
import { saveNewProductAutomation, newProductAutomationSchema } from "~/automation/settings";
import { loadAutomationActivity } from "~/automation/skips.server";
import { syncCatalog } from "~/catalog/catalog-index.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import { JobRunner } from "~/jobs/runner.server";
import { jobProgress, type JobServiceDependencies } from "~/jobs/service.server";
import { createKeyring } from "~/secrets/crypto.server";
import { BackendRegistry } from "~/models/registry";
import { updateModelSettings } from "~/models/settings.server";
import { authenticate } from "~/shopify.server";
import { handleVerifiedWebhook } from "~/webhooks/receive.server";
import { webhookEffects } from "~/webhooks/route.server";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshSqlite, type TestDatabase } from "../support/databases";
import { TEST_ENVIRONMENT } from "../support/environment";

/**
 * "Write copy for new products" end to end: a product created in the Admin emulator fires products/create,
 * signed by the emulator and verified by `authenticate.webhook`; the delivery starts one job for that product,
 * which the runner generates (review) or writes (auto-apply, fill blanks only). A redelivery, or a second
 * products/create for the same product, starts nothing; the products/update Plume's own write triggers starts
 * nothing; with the automation off a new product starts nothing.
 */
const SHOP = "new-products.myshopify.com";
let admin: RunningAdminEmulator;
let receiver: Server;
let testDatabase: TestDatabase;
const handled: Array<{ topic: string; outcome: string; productId?: string }> = [];
const client = () => emulatorAdminClient(admin, SHOP);
const deps: JobServiceDependencies & { runner?: JobRunner } = { database: undefined as never, dispatcher: { notify: () => deps.runner?.notify() } };

beforeAll(async () => {
  testDatabase = await freshSqlite();
  deps.database = testDatabase.database;
  // Shopify's deliveries land here: the library verifies the emulator's HMAC, then the app's handler and effects run.
  receiver = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      void (async () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
        const request = new Request(new URL(incoming.url ?? "/", TEST_ENVIRONMENT.SHOPIFY_APP_URL), { method: "POST", headers, body: Buffer.concat(chunks) });
        try {
          const { shop, topic, webhookId, payload } = await authenticate.webhook(request);
          const outcome = await handleVerifiedWebhook(testDatabase.database, { shop, topic, webhookId, payload }, ["PRODUCTS_CREATE", "PRODUCTS_UPDATE"], webhookEffects(client(), testDatabase.database, shop, () => deps));
          const productId = (payload as { admin_graphql_api_id?: string }).admin_graphql_api_id;
          handled.push({ topic, outcome, ...(productId ? { productId } : {}) });
          outgoing.writeHead(200).end();
        } catch (error) {
          outgoing.writeHead(error instanceof Response ? error.status : 500).end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const uri = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/products`;
  admin = await startAdminEmulator({
    apiKey: TEST_ENVIRONMENT.SHOPIFY_API_KEY,
    apiSecret: TEST_ENVIRONMENT.SHOPIFY_API_SECRET,
    scopes: TEST_ENVIRONMENT.SCOPES,
    plan: "plus",
    webhooks: [
      { topic: "products/create", uri },
      { topic: "products/update", uri },
    ],
    shops: [{ domain: SHOP, seed: { products: 2, seed: 3 } }],
  });
  await syncCatalog(client(), testDatabase.database, SHOP, { pollIntervalMs: 10 });
  await saveCopySettings(testDatabase.database, SHOP, copySettingsSchema.parse({ writePolicy: "overwrite" }));
  deps.runner = new JobRunner({ database: testDatabase.database, adminFor: async () => client() }, { idleMs: 20 });
  deps.runner.start();
});

afterAll(async () => {
  await deps.runner?.stop();
  await Promise.all([admin.close(), testDatabase.close(), new Promise((resolve) => receiver.close(resolve))]);
});

async function control(path: string, body?: unknown) {
  const response = await fetch(`${admin.url}/__emulator${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body ?? {}) });
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as Record<string, unknown>;
}

async function createProduct(input: Record<string, unknown>): Promise<{ id: string; legacyId: number }> {
  const answer = await control(`/shops/${SHOP}/products?wait=1`, { vendor: "Plume Test", productType: "Scarf", ...input });
  return answer.product as { id: string; legacyId: number };
}

const jobsOf = (productId: string) => testDatabase.database.job.findMany({ where: { shop: SHOP, originKey: `new-product:${productId}` } });

async function waitFor(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("write copy for new products", () => {
  it("is off by default: a new product starts nothing", async () => {
    const product = await createProduct({ title: "Linen shirt" });
    expect(handled.at(-1)).toEqual({ topic: "PRODUCTS_CREATE", outcome: "handled", productId: product.id });
    expect(await jobsOf(product.id)).toEqual([]);
  });

  it("on: products/create starts one review job whose proposals wait; redeliveries and a second products/create start nothing", async () => {
    await saveNewProductAutomation(testDatabase.database, SHOP, newProductAutomationSchema.parse({ enabled: true, fields: ["seoTitle", "metaDescription"] }));
    const product = await createProduct({ title: "Merino wool scarf" });
    const [job, ...others] = await jobsOf(product.id);
    expect(others).toEqual([]);
    expect(job).toMatchObject({ origin: "new_product", mode: "review", total: 1, createdBy: "Plume automation (new products)" });
    await waitFor(async () => (await jobProgress(testDatabase.database, SHOP, job!.id)).status === "completed", "the job to finish");
    const proposals = await testDatabase.database.proposal.findMany({ where: { shop: SHOP, jobId: job!.id, productId: product.id } });
    expect(proposals.map((proposal) => proposal.field).sort()).toEqual(["metaDescription", "seoTitle"]);
    expect(proposals.every((proposal) => proposal.status === "pending")).toBe(true);

    // Shopify delivers the same webhook again (same delivery id), then a second products/create (new delivery id).
    const deliveries = (await (await fetch(`${admin.url}/__emulator/webhooks/deliveries?shop=${SHOP}&topic=products/create`)).json()) as { deliveries: Array<{ deliveryId: string }> };
    await control(`/webhooks/deliveries/${encodeURIComponent(deliveries.deliveries.at(-1)!.deliveryId)}/redeliver?wait=1`);
    expect(handled.at(-1)).toEqual({ topic: "PRODUCTS_CREATE", outcome: "duplicate", productId: product.id });
    await control(`/shops/${SHOP}/webhooks?wait=1`, { topic: "products/create", productId: product.legacyId });
    expect(handled.at(-1)).toEqual({ topic: "PRODUCTS_CREATE", outcome: "handled", productId: product.id });
    expect(await jobsOf(product.id)).toHaveLength(1);
    expect(await testDatabase.database.job.count({ where: { shop: SHOP } })).toBe(1);
  });

  it("auto-apply fills blanks only by default, and the products/update of Plume's own write starts nothing", async () => {
    await saveNewProductAutomation(testDatabase.database, SHOP, newProductAutomationSchema.parse({ enabled: true, fields: ["descriptionHtml", "seoTitle"], mode: "auto_apply" }));
    const product = await createProduct({ title: "Cotton tote bag", descriptionHtml: "<p>Our own words.</p>" });
    const [job] = await jobsOf(product.id);
    expect(job).toMatchObject({ mode: "auto_apply" });
    await waitFor(async () => (await jobProgress(testDatabase.database, SHOP, job!.id)).status === "completed", "the job to finish");
    const stored = admin.store.requireShop(SHOP).catalog.get(product.legacyId)!;
    // The shop writes over existing copy (its own setting); the automation's fill-blanks policy kept the description.
    expect(stored.descriptionHtml).toBe("<p>Our own words.</p>");
    expect(stored.seo.title).toBeTruthy();
    // The write's products/update reached the app and was handled; it started no job.
    await admin.store.webhooks.settled();
    expect(handled).toContainEqual({ topic: "PRODUCTS_UPDATE", outcome: "handled", productId: product.id });
    expect(await testDatabase.database.job.count({ where: { shop: SHOP } })).toBe(2);
    expect(await jobsOf(product.id)).toHaveLength(1);
  });

  it("stays within the month's budget: a new product the budget cannot pay for starts no job, and the delivery is acknowledged", async () => {
    // A paid model (priced in the price table) and a budget of one micro-dollar: the job's estimate cannot fit.
    const registry = BackendRegistry.withExtras([{ id: "emulated-openai", extends: "openai", label: "OpenAI (emulated)", baseUrl: "http://127.0.0.1:9/v1", emulated: true }]);
    deps.environment = { registry, connections: { keyring: createKeyring({ version: 1, key: Buffer.alloc(32, 5).toString("base64") }), endpointPolicy: { allowedHosts: ["127.0.0.1:9"] }, operatorKeys: {} } };
    await updateModelSettings(testDatabase.database, registry, SHOP, { monthlyBudgetMicros: 1 });
    await saveNewProductAutomation(testDatabase.database, SHOP, newProductAutomationSchema.parse({ enabled: true, fields: ["seoTitle"], model: { backendId: "emulated-openai", modelId: "gpt-6-luna" } }));
    const jobsBefore = await testDatabase.database.job.count({ where: { shop: SHOP } });
    const product = await createProduct({ title: "Silk pocket square" });
    expect(handled.at(-1)).toEqual({ topic: "PRODUCTS_CREATE", outcome: "handled", productId: product.id });
    expect(await jobsOf(product.id)).toEqual([]);
    expect(await testDatabase.database.job.count({ where: { shop: SHOP } })).toBe(jobsBefore);
    // Why: the budget (the same call with room in the budget starts the job).
    expect(await onProductCreated(() => deps, client(), testDatabase.database, SHOP, product.id)).toEqual({ kind: "refused", code: "budget_exceeded" });
    // Not only logged: the Settings page names the product and the reason, counted in this month.
    const skipped = await loadAutomationActivity(testDatabase.database, SHOP, new Date());
    expect(skipped.skippedThisMonth).toBe(1);
    expect(skipped.reasons).toEqual([{ reason: "budget_exceeded", count: 1 }]);
    expect(skipped.recent).toMatchObject([{ productId: product.id, title: "Silk pocket square", reason: "budget_exceeded" }]);
    // Next month it is no longer this month's.
    expect((await loadAutomationActivity(testDatabase.database, SHOP, new Date(Date.now() + 40 * 86_400_000))).skippedThisMonth).toBe(0);
    const startedBefore = skipped.startedThisMonth;
    await updateModelSettings(testDatabase.database, registry, SHOP, { monthlyBudgetMicros: 50_000_000 });
    expect(await onProductCreated(() => deps, client(), testDatabase.database, SHOP, product.id)).toMatchObject({ kind: "started" });
    // Started after all: no longer listed as skipped, and counted among the jobs the automation started.
    const after = await loadAutomationActivity(testDatabase.database, SHOP, new Date());
    expect(after).toMatchObject({ skippedThisMonth: 0, reasons: [], recent: [], startedThisMonth: startedBefore + 1 });
    await testDatabase.database.job.updateMany({ where: { shop: SHOP, originKey: `new-product:${product.id}` }, data: { status: "cancelled" } });
    delete deps.environment;
  });
});
