import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { syncCatalog } from "~/catalog/catalog-index.server";
import { loadProductSnapshot } from "~/catalog/product-facts.server";
import { revertJob } from "~/copy/apply.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import type { Database } from "~/db/client.server";
import { BulkWriter, settleBulkOperation, type BulkWriterOptions } from "~/jobs/bulk-writes/writer.server";
import { BULK_WRITE_LEASE, JobRunner } from "~/jobs/runner.server";
import { cancelJob, jobProgress, startJob, type JobServiceDependencies } from "~/jobs/service.server";
import type { StartJobInput } from "~/jobs/types";
import { saveConnection, type ConnectionEnvironment } from "~/models/connections.server";
import { BackendRegistry } from "~/models/registry";
import { createKeyring } from "~/secrets/crypto.server";
import { handleVerifiedWebhook } from "~/webhooks/receive.server";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { startProviderEmulator, type RunningProviderEmulator } from "../../emulator/providers/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshPostgres, freshSqlite, type TestDatabase } from "../support/databases";

/**
 * Large auto-apply jobs write description and SEO through bulk mutations (docs/decisions/0021), end to end over real
 * HTTP against the Admin emulator: staged JSONL upload, bulkOperationRunMutation, the bulk_operations/finish webhook
 * (HMAC-checked here, then handled by the app's webhook code) or polling, each result line mapped back to its item.
 */
const PRODUCTS = 60;
const API_SECRET = "bulk-writes-secret";
const shopsFor = (kind: string) => ({
  WEBHOOK: `${kind}-bulk-webhook.myshopify.com`,
  PER_PRODUCT: `${kind}-bulk-per-product.myshopify.com`,
  CRASH: `${kind}-bulk-crash.myshopify.com`,
  CANCELED: `${kind}-bulk-canceled.myshopify.com`,
  LOST: `${kind}-bulk-lost-answer.myshopify.com`,
  STOPPED: `${kind}-bulk-cancelled-job.myshopify.com`,
  TWO_WRITERS: `${kind}-bulk-two-writers.myshopify.com`,
});

let admin: RunningAdminEmulator;
let providers: RunningProviderEmulator;
let registry: BackendRegistry;
let connections: ConnectionEnvironment;
let receiver: Server;
/** Which database handles each shop's finish webhooks; a shop not here has its deliveries lost (answered 200, ignored). */
const webhookDatabases = new Map<string, Database>();

const sqlite = await freshSqlite();
const postgres = await freshPostgres();
const databases: TestDatabase[] = [sqlite, ...("unavailable" in postgres ? [] : [postgres])];
if ("unavailable" in postgres) console.warn(`bulk writes on PostgreSQL skipped: ${postgres.unavailable}`);

/** The app's side of the webhook: the HMAC Shopify signs with, then the same handling as the route (app/webhooks). */
function receiveWebhooks(): Promise<string> {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const expected = createHmac("sha256", API_SECRET).update(body, "utf8").digest();
        const given = Buffer.from(String(request.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) return response.writeHead(401).end();
        const shop = String(request.headers["x-shopify-shop-domain"]);
        const database = webhookDatabases.get(shop);
        if (!database) return response.writeHead(200).end();
        const client = emulatorAdminClient(admin, shop);
        await handleVerifiedWebhook(
          database,
          { shop, topic: String(request.headers["x-shopify-topic"]).toUpperCase().replace("/", "_"), webhookId: String(request.headers["x-shopify-webhook-id"]), payload: JSON.parse(body) },
          ["BULK_OPERATIONS_FINISH"],
          { bulkOperationFinished: (operationId) => settleBulkOperation(database, client, shop, operationId) },
        );
        response.writeHead(200).end();
      })().catch(() => response.writeHead(500).end());
    });
  });
  return new Promise((resolve) => receiver.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  const appUrl = await receiveWebhooks();
  admin = await startAdminEmulator({
    apiKey: "k",
    apiSecret: API_SECRET,
    scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
    plan: "plus",
    // Long enough to cancel an operation while it runs.
    bulkDelayMs: 300,
    appUrl,
    webhooks: [{ topic: "bulk_operations/finish", uri: "/webhooks/bulk_operations/finish" }],
    shops: ["sqlite", "postgres"].flatMap((kind) => Object.values(shopsFor(kind)).map((domain) => ({ domain, seed: { products: PRODUCTS, seed: 77 } }))),
  });
  providers = await startProviderEmulator();
  registry = BackendRegistry.withExtras([{ id: "emulated-openai", extends: "openai", label: "OpenAI (emulated)", baseUrl: providers.baseUrls.openai, emulated: true }]);
  connections = {
    keyring: createKeyring({ version: 1, key: Buffer.alloc(32, 7).toString("base64") }),
    endpointPolicy: { allowedHosts: [new URL(providers.url).host] },
    operatorKeys: {},
  };
});

afterAll(async () => {
  await Promise.all([admin.close(), providers.close(), new Promise((resolve) => receiver.close(resolve)), ...databases.map((database) => database.close())]);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000, what = "condition") {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function control<T>(method: string, path: string): Promise<T> {
  const response = await fetch(`${admin.url}/__emulator${path}`, { method });
  return (await response.json()) as T;
}

const writesOf = (shop: string) => control<{ writes: { writes: number; duplicateWrites: number; byVia?: Record<string, number>; via?: Record<string, number> } }>("GET", `/writes?shop=${shop}`).then((body) => body.writes);
const callsOf = (shop: string) => control<{ calls: { total: number; byOperationName: Record<string, number> } }>("GET", `/calls?shop=${shop}`).then((body) => body.calls);

const seoJob: StartJobInput = {
  request: { fields: ["seoTitle", "metaDescription"], locales: ["en"], backendId: "emulated-openai", modelId: "gpt-6-luna" },
  selection: { kind: "all" },
  mode: "auto_apply",
};

/** Admin calls a job's writes made (the generation's product reads and the index refreshes left out). */
function writeCalls(byOperationName: Record<string, number>): number {
  const writing = ["PlumeProductCopyUpdate", "PlumeImageAltUpdate", "PlumeTranslationsRegister", "PlumeBulkWriteStage", "PlumeBulkWriteRun", "PlumeBulkWriteStatus", "PlumeBulkWriteCurrent"];
  return writing.reduce((sum, name) => sum + (byOperationName[name] ?? 0), 0);
}

describe.each(databases)("bulk writes on $kind", (testDatabase) => {
  const database = testDatabase.database;
  const { WEBHOOK, PER_PRODUCT, CRASH, CANCELED, LOST, STOPPED, TWO_WRITERS } = shopsFor(testDatabase.kind);
  const client = (shop: string) => emulatorAdminClient(admin, shop);
  const environment = () => ({ registry, connections });
  const deps: JobServiceDependencies = { database, dispatcher: { notify: () => undefined }, environment: environment() };
  const runners: JobRunner[] = [];
  /** A runner with a bulk writer beside it (as runtime.server.ts wires them), the threshold lowered to this test's size. */
  const newRunner = (writerOptions: BulkWriterOptions, owner: string, writerClient: (shop: string) => AdminGraphql = client) => {
    const writer = new BulkWriter(database, async (shop) => writerClient(shop), { threshold: 10, ...writerOptions });
    const runner = new JobRunner({ database, adminFor: async (shop) => client(shop), environment: environment(), bulkWrites: writer, companions: [writer] }, { idleMs: 20, owner });
    runners.push(runner);
    return { runner, writer };
  };

  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
  });

  beforeAll(async () => {
    deps.environment = environment();
    for (const shop of [WEBHOOK, PER_PRODUCT, CRASH, CANCELED, LOST, STOPPED, TWO_WRITERS]) {
      await syncCatalog(client(shop), database, shop, { pollIntervalMs: 10 });
      await saveConnection(database, connections, registry.get("emulated-openai"), shop, { apiKey: "sk-emulated-openai" });
      await saveCopySettings(database, shop, copySettingsSchema.parse({ writePolicy: "overwrite" }));
    }
  });

  /** Items parked on the bulk path once generation is over: every item is parked, failed or skipped by then. */
  async function waitParked(jobId: string): Promise<number> {
    await waitFor(async () => (await database.jobItem.count({ where: { jobId, status: { in: ["queued", "running"] } } })) === 0, 60_000, "generation to finish");
    await waitFor(async () => (await database.jobItem.count({ where: { jobId, status: "applying", leaseOwner: { not: BULK_WRITE_LEASE } } })) === 0, 30_000, "every ready item parked");
    return database.bulkWriteLine.count({ where: { jobId } });
  }

  it("writes a large auto-apply job through bulk mutations settled by the finish webhook; a refused line fails its item alone", async () => {
    webhookDatabases.set(WEBHOOK, database);
    await control("DELETE", `/calls?shop=${WEBHOOK}`);
    // Flushes by hand and never polls: only the webhook can settle a write here.
    const { runner, writer } = newRunner({ batchLines: 25, flushEveryMs: 3_600_000, pollEveryMs: 3_600_000, maxWaitMs: 3_600_000 }, "webhook-runner");
    const job = await startJob(deps, client(WEBHOOK), { shop: WEBHOOK, actor: "merchant@example.com", job: seoJob });
    runner.start();
    const parked = await waitParked(job.id);
    expect(parked).toBeGreaterThan(PRODUCTS / 2);
    // Nothing was written product by product.
    expect((await callsOf(WEBHOOK)).byOperationName["PlumeProductCopyUpdate"] ?? 0).toBe(0);

    // A merchant deletes one product whose copy waits for the bulk write: Shopify refuses that line alone.
    const doomed = (await database.bulkWriteLine.findFirstOrThrow({ where: { jobId: job.id }, orderBy: { createdAt: "desc" } })).productId;
    await control("DELETE", `/shops/${WEBHOOK}/products/${encodeURIComponent(doomed)}`);

    await waitFor(
      async () => {
        await writer.flush();
        return (await jobProgress(database, WEBHOOK, job.id)).status === "completed";
      },
      60_000,
      "the job to complete from the webhook",
    );
    const progress = await jobProgress(database, WEBHOOK, job.id);
    expect(progress.counts.applied).toBe(parked - 1);
    const writes = await database.bulkWrite.findMany({ where: { jobId: job.id } });
    expect(writes.length).toBe(Math.ceil(parked / 25));
    expect(writes.every((write) => write.status === "settled" && write.settledBy === "webhook" && write.outcome === "COMPLETED")).toBe(true);
    expect(await database.bulkWriteLine.count({ where: { jobId: job.id } })).toBe(0);

    // The deleted product's item failed with Shopify's words; no other item failed on a write.
    const doomedItem = await database.jobItem.findFirstOrThrow({ where: { jobId: job.id, productId: doomed } });
    expect(doomedItem.status).toBe("failed");
    expect(JSON.parse(doomedItem.error ?? "{}")).toMatchObject({ code: "shopify_refused" });
    const refused = await database.revision.findMany({ where: { shop: WEBHOOK, jobId: job.id, status: "failed" } });
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((revision) => revision.productId))).toEqual(new Set([doomed]));
    expect(refused.every((revision) => revision.failureReason === "shopify_refused" && revision.failureMessage?.includes("Product does not exist"))).toBe(true);
    const failedOnWrite = await database.jobItem.findMany({ where: { jobId: job.id, status: "failed", error: { contains: "shopify_refused" } } });
    expect(failedOnWrite.map((item) => item.productId)).toEqual([doomed]);

    // Shopify has each value once, via the bulk mutation; Plume's revisions and proposals agree.
    const written = await database.revision.findMany({ where: { shop: WEBHOOK, jobId: job.id, status: "written" } });
    // Every value of every applied item (one or two: a proposal with a hard failure is never written), none left pending.
    expect(written.length).toBeGreaterThanOrEqual(parked - 1);
    expect(new Set(written.map((revision) => revision.productId)).size).toBe(parked - 1);
    expect(await database.revision.count({ where: { shop: WEBHOOK, jobId: job.id, status: "pending" } })).toBe(0);
    const log = await writesOf(WEBHOOK);
    expect(log.duplicateWrites).toBe(0);
    expect(log.writes).toBe(written.length);
    const sample = written.find((revision) => revision.field === "seoTitle")!;
    expect((await loadProductSnapshot(client(WEBHOOK), sample.productId)).seoTitle).toBe(sample.newValue);
    expect(await database.proposal.count({ where: { shop: WEBHOOK, jobId: job.id, status: "applied" } })).toBe(written.length);

    // Far fewer Admin calls than product by product: stage + run + status read per file of 25.
    const calls = await callsOf(WEBHOOK);
    const perProduct = writeCalls(calls.byOperationName) / parked;
    console.info(`bulk path: ${writeCalls(calls.byOperationName)} write calls for ${parked} products (${perProduct.toFixed(3)} per product), ${calls.total} Admin calls in all (${(calls.total / PRODUCTS).toFixed(2)} per product)`);
    expect(perProduct).toBeLessThan(0.25);
  });

  it("the same job below the threshold writes product by product (the calls the bulk path saves)", async () => {
    await control("DELETE", `/calls?shop=${PER_PRODUCT}`);
    const { runner } = newRunner({ threshold: PRODUCTS + 1 }, "per-product-runner");
    const job = await startJob(deps, client(PER_PRODUCT), { shop: PER_PRODUCT, actor: "m", job: seoJob });
    runner.start();
    await waitFor(async () => (await jobProgress(database, PER_PRODUCT, job.id)).status === "completed", 60_000, "per-product job");
    const progress = await jobProgress(database, PER_PRODUCT, job.id);
    expect(await database.bulkWrite.count({ where: { jobId: job.id } })).toBe(0);
    const calls = await callsOf(PER_PRODUCT);
    const perProduct = writeCalls(calls.byOperationName) / progress.counts.applied;
    console.info(`per-product path: ${writeCalls(calls.byOperationName)} write calls for ${progress.counts.applied} products (${perProduct.toFixed(3)} per product), ${calls.total} Admin calls in all (${(calls.total / PRODUCTS).toFixed(2)} per product)`);
    expect(perProduct).toBeGreaterThanOrEqual(1);
  });

  it("a runner killed after its bulk mutation started: the next one finds the operation by polling and writes nothing twice", async () => {
    // No webhook reaches the app for this shop: only polling can finish the job.
    webhookDatabases.delete(CRASH);
    const first = newRunner({ batchLines: 100, flushEveryMs: 20, pollEveryMs: 3_600_000, maxWaitMs: 3_600_000 }, "doomed-runner");
    const job = await startJob(deps, client(CRASH), { shop: CRASH, actor: "m", job: seoJob });
    first.runner.start();
    const parked = await waitParked(job.id);
    await waitFor(async () => (await database.bulkWrite.count({ where: { jobId: job.id, status: "running" } })) === 1, 30_000, "the bulk mutation to start");
    await first.runner.abandon();
    // The operation finishes in Shopify with nobody reading it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await jobProgress(database, CRASH, job.id)).status).toBe("running");
    expect(await database.jobItem.count({ where: { jobId: job.id, status: "applying", leaseOwner: BULK_WRITE_LEASE } })).toBe(parked);

    const second = newRunner({ flushEveryMs: 20, pollEveryMs: 50 }, "second-runner");
    second.runner.start();
    await waitFor(async () => (await jobProgress(database, CRASH, job.id)).status === "completed", 60_000, "the job after the crash");
    const [write] = await database.bulkWrite.findMany({ where: { jobId: job.id } });
    expect(write).toMatchObject({ status: "settled", settledBy: "poll", outcome: "COMPLETED", lines: parked });
    expect((await jobProgress(database, CRASH, job.id)).counts.applied).toBe(parked);
    const written = await database.revision.count({ where: { shop: CRASH, jobId: job.id, status: "written" } });
    expect(written).toBeGreaterThanOrEqual(parked);
    expect(await database.revision.count({ where: { shop: CRASH, jobId: job.id, status: { not: "written" } } })).toBe(0);
    const log = await writesOf(CRASH);
    expect(log.duplicateWrites).toBe(0);
    expect(log.writes).toBe(written);

    // The bulk path's revisions are ordinary history: reverting the job puts back every value it replaced.
    const sample = await database.revision.findFirstOrThrow({ where: { shop: CRASH, jobId: job.id, status: "written", field: "seoTitle" } });
    const report = await revertJob(client(CRASH), database, { shop: CRASH, jobId: job.id, actor: "m" });
    expect(report.length).toBe(written);
    expect(report.every((entry) => entry.status === "reverted")).toBe(true);
    expect((await loadProductSnapshot(client(CRASH), sample.productId)).seoTitle).toBe(sample.previousValue ?? "");
  });

  it("two processes flushing the same job at once (scale-out workers): each line goes in one file, no value is written twice", async () => {
    webhookDatabases.delete(TWO_WRITERS);
    // The runner parks the lines; its own writer never flushes, the two below do, at the same moment.
    const { runner } = newRunner({ flushEveryMs: 3_600_000, pollEveryMs: 3_600_000, maxWaitMs: 3_600_000 }, "parking-runner");
    const job = await startJob(deps, client(TWO_WRITERS), { shop: TWO_WRITERS, actor: "m", job: seoJob });
    runner.start();
    const parked = await waitParked(job.id);
    expect(parked).toBeGreaterThan(10);
    const writers = [0, 1].map(() => new BulkWriter(database, async (shop) => client(shop), { threshold: 10, flushEveryMs: 3_600_000, pollEveryMs: 3_600_000 }));
    await Promise.all(writers.map((writer) => writer.flush()));
    const writes = await database.bulkWrite.findMany({ where: { jobId: job.id } });
    expect(writes.reduce((sum, write) => sum + write.lines, 0)).toBe(parked);
    expect(await database.bulkWriteLine.count({ where: { jobId: job.id, bulkWriteId: null } })).toBe(0);
    await waitFor(
      async () => {
        for (const writer of writers) await writer.poll();
        return (await jobProgress(database, TWO_WRITERS, job.id)).status === "completed";
      },
      60_000,
      "the job to finish",
    );
    const log = await writesOf(TWO_WRITERS);
    expect(log.duplicateWrites).toBe(0);
    expect(log.writes).toBe(await database.revision.count({ where: { shop: TWO_WRITERS, jobId: job.id, status: "written" } }));
  });

  it("an operation that ends CANCELED sends its items back to the per-product path, which finds the values already written", async () => {
    webhookDatabases.set(CANCELED, database);
    await control("DELETE", `/calls?shop=${CANCELED}`);
    const { runner } = newRunner({ batchLines: 100, flushEveryMs: 20, pollEveryMs: 3_600_000, maxWaitMs: 3_600_000 }, "canceled-runner");
    const job = await startJob(deps, client(CANCELED), { shop: CANCELED, actor: "m", job: seoJob });
    runner.start();
    const parked = await waitParked(job.id);
    await waitFor(async () => (await database.bulkWrite.count({ where: { jobId: job.id, status: "running" } })) === 1, 30_000, "the bulk mutation to start");
    const { operationId } = await database.bulkWrite.findFirstOrThrow({ where: { jobId: job.id } });
    // Someone cancels it in Shopify while it runs (its lines are done, the operation is held RUNNING by bulkDelayMs).
    const cancel = await client(CANCELED).graphql(`mutation PlumeTestCancel($id: ID!) { bulkOperationCancel(id: $id) { userErrors { message } } }`, { variables: { id: operationId } });
    expect(((await cancel.json()) as { data: { bulkOperationCancel: { userErrors: unknown[] } } }).data.bulkOperationCancel.userErrors).toEqual([]);
    await waitFor(async () => (await jobProgress(database, CANCELED, job.id)).status === "completed", 60_000, "the job after the cancel");
    const [write] = await database.bulkWrite.findMany({ where: { jobId: job.id } });
    expect(write).toMatchObject({ status: "settled", settledBy: "webhook", outcome: "CANCELED" });
    // Not failed silently: the per-product path took every item over and read each value in Shopify.
    expect((await jobProgress(database, CANCELED, job.id)).counts.applied).toBe(parked);
    const written = await database.revision.count({ where: { shop: CANCELED, jobId: job.id, status: "written" } });
    expect(written).toBeGreaterThanOrEqual(parked);
    expect(await database.revision.count({ where: { shop: CANCELED, jobId: job.id, status: { not: "written" } } })).toBe(0);
    // Each value reached Shopify once, whichever path sent it: what the operation wrote before the cancel was read
    // back, not sent again.
    const log = await writesOf(CANCELED);
    expect(log.duplicateWrites).toBe(0);
    expect(log.writes).toBe(written);
  });

  it("an answer to bulkOperationRunMutation lost on the way back: once Shopify has no bulk mutation running, the per-product path settles each value from Shopify", async () => {
    webhookDatabases.delete(LOST);
    // The request reaches Shopify, the connection breaks before the answer: Plume cannot know the operation started.
    const losing = (shop: string): AdminGraphql => {
      const inner = client(shop);
      return {
        shop,
        async graphql(query, options) {
          const response = await inner.graphql(query, options);
          if (query.includes("PlumeBulkWriteRun")) throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
          return response;
        },
      };
    };
    const first = newRunner({ batchLines: 100, flushEveryMs: 20, pollEveryMs: 3_600_000, maxWaitMs: 3_600_000, leaseMs: 3_600_000 }, "lost-runner", losing);
    const job = await startJob(deps, client(LOST), { shop: LOST, actor: "m", job: seoJob });
    first.runner.start();
    const parked = await waitParked(job.id);
    await waitFor(async () => (await database.bulkWrite.count({ where: { jobId: job.id, status: "preparing", lines: parked } })) === 1, 30_000, "the unanswered bulk mutation");
    await first.runner.stop();
    // Its lease runs out (the process that held it is gone): the next writer recovers it.
    await database.bulkWrite.updateMany({ where: { jobId: job.id }, data: { leaseUntil: new Date(Date.now() - 1) } });
    const second = newRunner({ flushEveryMs: 20, pollEveryMs: 50 }, "recovering-runner");
    second.runner.start();
    await waitFor(async () => (await jobProgress(database, LOST, job.id)).status === "completed", 60_000, "the job after the lost answer");
    const writes = await database.bulkWrite.findMany({ where: { jobId: job.id } });
    expect(writes).toEqual([expect.objectContaining({ status: "settled", settledBy: "recovered", operationId: null })]);
    expect((await jobProgress(database, LOST, job.id)).counts.applied).toBe(parked);
    const written = await database.revision.count({ where: { shop: LOST, jobId: job.id, status: "written" } });
    expect(await database.revision.count({ where: { shop: LOST, jobId: job.id, status: { not: "written" } } })).toBe(0);
    // The operation did run in Shopify: every value is there once, none sent again product by product.
    const log = await writesOf(LOST);
    expect(log.duplicateWrites).toBe(0);
    expect(log.writes).toBe(written);
    expect((await callsOf(LOST)).byOperationName["PlumeProductCopyUpdate"] ?? 0).toBe(0);
  });

  it("a job cancelled while its lines wait for a file: nothing is sent, the revisions give up their keys, the job ends cancelled", async () => {
    const { runner, writer } = newRunner({ flushEveryMs: 3_600_000, pollEveryMs: 3_600_000, maxWaitMs: 3_600_000 }, "stopped-runner");
    const job = await startJob(deps, client(STOPPED), { shop: STOPPED, actor: "m", job: seoJob });
    runner.start();
    const parked = await waitParked(job.id);
    expect(parked).toBeGreaterThan(0);
    await cancelJob(deps, STOPPED, job.id);
    await writer.flush();
    await waitFor(async () => (await jobProgress(database, STOPPED, job.id)).status === "cancelled", 30_000, "the job to be cancelled");
    expect(await database.bulkWrite.count({ where: { jobId: job.id } })).toBe(0);
    expect(await database.bulkWriteLine.count({ where: { jobId: job.id } })).toBe(0);
    const revisions = await database.revision.findMany({ where: { shop: STOPPED, jobId: job.id } });
    expect(revisions.length).toBeGreaterThanOrEqual(parked);
    expect(revisions.every((revision) => revision.status === "failed" && revision.idempotencyKey === null)).toBe(true);
    expect((await writesOf(STOPPED)).writes).toBe(0);
  });
});
