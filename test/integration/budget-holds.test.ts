import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { syncCatalog } from "~/catalog/catalog-index.server";
import { generateForProduct } from "~/copy/product-workflow.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import { JobRunner } from "~/jobs/runner.server";
import { jobProgress, startJob, type JobServiceDependencies } from "~/jobs/service.server";
import type { StartJobInput } from "~/jobs/types";
import { BUDGET_HOLD_GRACE_MS, DEFAULT_CALL_TIMEOUT_MS, settleBudgetHold, takeBudgetHold } from "~/models/budget-hold.server";
import { saveConnection, type ConnectionEnvironment } from "~/models/connections.server";
import { ModelCallError } from "~/models/errors";
import { estimateTokens, generateStructured, type GenerationRequest } from "~/models/generate.server";
import { costMicros, priceFor } from "~/models/prices";
import { BackendRegistry } from "~/models/registry";
import { updateModelSettings } from "~/models/settings.server";
import { createKeyring } from "~/secrets/crypto.server";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { startProviderEmulator, type RunningProviderEmulator } from "../../emulator/providers/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshPostgres, freshSqlite, type TestDatabase } from "../support/databases";

/**
 * Issue 9: concurrent jobs and single-product runs never overshoot a monthly budget by more
 * than one in-flight call. Each paid call holds its worst case under a lock before it reaches
 * the provider (app/models/budget-hold.server.ts); here a runner at concurrency 16 and parallel
 * single-product runs race against a budget that fits a few calls, over real HTTP, on SQLite and
 * PostgreSQL.
 */
const shopsFor = (kind: string) => ({ RACE: `${kind}-holds-race.myshopify.com`, DEAD: `${kind}-holds-dead.myshopify.com`, RESERVED: `${kind}-holds-reserved.myshopify.com` });
const PRODUCTS = 40;
const SINGLE_RUNS = 8;
const MODEL = { backendId: "emulated-openai", modelId: "gpt-6-luna" };

let admin: RunningAdminEmulator;
let providers: RunningProviderEmulator;
let registry: BackendRegistry;
let connections: ConnectionEnvironment;

const sqlite = await freshSqlite();
const postgres = await freshPostgres();
const databases: TestDatabase[] = [sqlite, ...("unavailable" in postgres ? [] : [postgres])];
if ("unavailable" in postgres) console.warn(`budget holds on PostgreSQL skipped: ${postgres.unavailable}`);

beforeAll(async () => {
  admin = await startAdminEmulator({
    apiKey: "k",
    apiSecret: "s",
    scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
    plan: "plus",
    bulkDelayMs: 5,
    shops: ["sqlite", "postgres"].flatMap((kind) => Object.values(shopsFor(kind)).map((domain, index) => ({ domain, seed: { products: PRODUCTS, seed: 70 + index } }))),
  });
  // Every answer takes a while, so many calls are in flight at once: the race the holds close.
  providers = await startProviderEmulator({ latencyMs: 150 });
  registry = BackendRegistry.withExtras([{ id: "emulated-openai", extends: "openai", label: "OpenAI (emulated)", baseUrl: providers.baseUrls.openai, emulated: true }]);
  connections = {
    keyring: createKeyring({ version: 1, key: Buffer.alloc(32, 6).toString("base64") }),
    endpointPolicy: { allowedHosts: [new URL(providers.url).host] },
    operatorKeys: {},
  };
});

afterAll(async () => {
  await Promise.all([admin.close(), providers.close(), ...databases.map((database) => database.close())]);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const seoJob: StartJobInput = { request: { fields: ["seoTitle", "metaDescription"], locales: ["en"], ...MODEL }, selection: { kind: "all" }, mode: "review" };

const probe = (shop: string): GenerationRequest<{ seoTitle: string }> => ({
  shop,
  purpose: "test",
  schema: z.object({ seoTitle: z.string() }),
  instructions: "Write an SEO title.",
  data: "A wool scarf.",
  maxOutputTokens: 200,
});

/** The probe's worst case, as the hold counts it (price table, its max output tokens). */
function probeWorstCase(): number {
  const backend = registry.get(MODEL.backendId);
  const price = priceFor(backend, backend.pricingBackendId ?? backend.id, MODEL.modelId)!;
  const request = probe("x");
  return costMicros(price, { inputTokens: estimateTokens(request.instructions) + estimateTokens(request.data), cachedInputTokens: 0, outputTokens: request.maxOutputTokens });
}

describe.each(databases)("budget holds on $kind", (testDatabase) => {
  const database = testDatabase.database;
  const { RACE, DEAD, RESERVED } = shopsFor(testDatabase.kind);
  const client = (shop: string) => emulatorAdminClient(admin, shop);
  const environment = () => ({ registry, connections });
  const deps: JobServiceDependencies = { database, dispatcher: { notify: () => {} } };

  beforeAll(async () => {
    deps.environment = environment();
    for (const shop of [RACE, DEAD]) {
      await syncCatalog(client(shop), database, shop, { pollIntervalMs: 10 });
      await saveConnection(database, connections, registry.get(MODEL.backendId), shop, { apiKey: "sk-emulated-openai" });
      await saveCopySettings(database, shop, copySettingsSchema.parse({ writePolicy: "overwrite" }));
    }
  });

  it("a runner at concurrency 16 and parallel single runs overshoot the budget by at most one call, and refused calls reach no provider", async () => {
    const job = await startJob(deps, client(RACE), { shop: RACE, actor: "m", job: seoJob });
    // The job's estimate was low: its reservation is used up, so every further call of it is paid from the budget's
    // room, like the single runs beside it (calls within a reservation were already admitted when the job started).
    await database.job.update({ where: { id: job.id }, data: { reservedMicros: 0n } });
    // One generation per product costs about this much (a calibration call on another shop, outside the race).
    const calibration = await generateForProduct(client(DEAD), database, DEAD, (await database.catalogProduct.findFirstOrThrow({ where: { shop: DEAD } })).productId, seoJob.request, environment());
    expect(calibration.ok).toBe(true);
    const perCall = Number((await database.usageLedger.aggregate({ where: { shop: DEAD }, _sum: { costMicros: true } }))._sum.costMicros ?? 0n);
    expect(perCall).toBeGreaterThan(0);
    // Room for about 6 generations: far fewer than the 16 + 8 calls that start at once, and than the 40 products.
    const cap = perCall * 6;
    await updateModelSettings(database, registry, RACE, { monthlyBudgetMicros: cap });
    const requestsBefore = providers.requests.length;

    const runner = new JobRunner({ database, adminFor: async (shop) => client(shop), environment: environment() }, { idleMs: 20, concurrency: 16 });
    const products = await database.catalogProduct.findMany({ where: { shop: RACE }, select: { productId: true }, take: SINGLE_RUNS });
    runner.start();
    const singles = await Promise.allSettled(products.map(({ productId }) => generateForProduct(client(RACE), database, RACE, productId, seoJob.request, environment())));
    await waitFor(async () => (await jobProgress(database, RACE, job.id)).status !== "running", 60_000, "the job to pause on the budget");
    await runner.stop();

    const progress = await jobProgress(database, RACE, job.id);
    expect(progress.status).toBe("paused");
    expect(progress.error?.code).toBe("budget_exceeded");
    const rows = await database.usageLedger.findMany({ where: { shop: RACE } });
    const total = rows.reduce((sum, row) => sum + Number(row.costMicros ?? 0n), 0);
    const largestCall = Math.max(...rows.map((row) => Number(row.costMicros ?? 0n)));
    expect(rows.some((row) => row.outcome === "ok")).toBe(true);
    expect(total).toBeLessThanOrEqual(cap + largestCall);
    // the cap was binding: products were left undone and single runs refused
    expect(progress.counts.generated).toBeLessThan(PRODUCTS);
    const refusedSingles = singles.filter((result) => result.status === "fulfilled" && !result.value.ok && result.value.error?.kind === "budget_exceeded");
    expect(refusedSingles.length).toBeGreaterThan(0);
    // every request the provider saw is a ledger row of this shop: no refused call reached it
    expect(providers.requests.length - requestsBefore).toBe(rows.length);
    // every hold was settled or released
    expect(await database.budgetHold.count()).toBe(0);
  }, 120_000);

  it("a refused call makes no request; a dead process's hold stops counting once it expires", async () => {
    await database.usageLedger.deleteMany({ where: { shop: DEAD } });
    const worst = probeWorstCase();
    const cap = worst * 2;
    const now = new Date();
    // A process that took two holds and died: nothing ever settles or releases them.
    for (let index = 0; index < 2; index += 1) {
      const taken = await takeBudgetHold(database, { shopBudgetMicros: cap, operatorCapMicros: null }, { shop: DEAD, micros: worst, now });
      expect(taken.ok).toBe(true);
    }
    const third = await takeBudgetHold(database, { shopBudgetMicros: cap, operatorCapMicros: null }, { shop: DEAD, micros: worst, now });
    expect(third).toMatchObject({ ok: false, scope: "shop", leftMicros: 0, capMicros: cap });

    const context = (at: Date) => ({ database, registry, connections, policy: { chain: [MODEL], euOnly: false, monthlyBudgetMicros: cap }, now: () => at });
    const requestsBefore = providers.requests.length;
    const refused = await generateStructured(context(now), probe(DEAD)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ModelCallError);
    expect((refused as ModelCallError).kind).toBe("budget_exceeded");
    expect((refused as ModelCallError).message).toContain(`${worst} micro-USD`);
    expect(providers.requests.length).toBe(requestsBefore);

    // Still held just before expiry; gone just after (the call's timeout plus the grace).
    const expiry = now.getTime() + DEFAULT_CALL_TIMEOUT_MS + BUDGET_HOLD_GRACE_MS;
    await expect(generateStructured(context(new Date(expiry - 1)), probe(DEAD))).rejects.toBeInstanceOf(ModelCallError);
    expect(providers.requests.length).toBe(requestsBefore);
    const result = await generateStructured(context(new Date(expiry + 1)), probe(DEAD));
    expect(result.costMicros).toBeGreaterThan(0);
    expect(result.costMicros!).toBeLessThanOrEqual(worst);
    expect(providers.requests.length).toBe(requestsBefore + 1);
    // the expired holds were swept, the call's own hold settled into its ledger row
    expect(await database.budgetHold.count({ where: { shop: DEAD } })).toBe(0);
    expect(await database.usageLedger.count({ where: { shop: DEAD, outcome: "ok" } })).toBe(1);
  });

  it("a job's calls draw on its own reservation first, and its spend is never counted twice (ledger and reservation)", async () => {
    const caps = { shopBudgetMicros: 1000, operatorCapMicros: null };
    const now = new Date();
    const hold = (micros: number, jobId?: string) => takeBudgetHold(database, caps, { shop: RESERVED, micros, now, ...(jobId ? { jobId } : {}) });
    const job = await database.job.create({
      data: { shop: RESERVED, status: "running", mode: "review", request: "{}", selection: "{}", estimate: "{}", reservedMicros: 600n, createdBy: "m" },
    });
    // a single run sees the job's reservation as spoken for
    expect(await hold(500)).toMatchObject({ ok: false, scope: "shop", leftMicros: 400 });
    expect((await hold(400)).ok).toBe(true);
    // the job's own call fits inside its reservation though the budget has no other room left…
    const jobHold = await hold(600, job.id);
    expect(jobHold.ok).toBe(true);
    // …and no further: its holds beyond the reservation count against the budget
    expect(await hold(1, job.id)).toMatchObject({ ok: false, leftMicros: 0 });
    // The call costs 250: settled into the ledger, it leaves the job's reservation (350 left) before the runner settles the item.
    await settleBudgetHold(database, (jobHold as { holdId: string }).holdId, {
      shop: RESERVED, backendId: MODEL.backendId, modelId: MODEL.modelId, purpose: "test", inputTokens: 1, cachedInputTokens: 0, cacheWriteInputTokens: 0,
      outputTokens: 1, costMicros: 250, priceTableDate: "2026-01-01", latencyMs: 1, outcome: "ok", attempt: 1, jobId: job.id,
    });
    expect(await database.budgetHold.count({ where: { shop: RESERVED, jobId: job.id } })).toBe(0);
    expect((await hold(350, job.id)).ok).toBe(true);
    expect(await hold(1, job.id)).toMatchObject({ ok: false, leftMicros: 0 });
    // the runner settles the item (spent +250, reserved −250): nothing changes, nothing is counted twice
    await database.job.update({ where: { id: job.id }, data: { spentMicros: { increment: 250n }, reservedMicros: { decrement: 250n } } });
    expect(await hold(1, job.id)).toMatchObject({ ok: false, leftMicros: 0 });
    expect(await hold(1)).toMatchObject({ ok: false, leftMicros: 0 });
    await database.budgetHold.deleteMany({ where: { shop: RESERVED } });
    await database.job.update({ where: { id: job.id }, data: { status: "completed", reservedMicros: 0n } });
  });
});
