import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { syncCatalog } from "~/catalog/catalog-index.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import { JobBudgetError } from "~/jobs/errors";
import { JobRunner } from "~/jobs/runner.server";
import { applyApproved, cancelJob, editProposal, estimateJob, jobProgress, listJobs, pauseJob, resumeJob, retryFailed, reviewProposals, startJob, type JobServiceDependencies } from "~/jobs/service.server";
import type { StartJobInput } from "~/jobs/types";
import { saveConnection, type ConnectionEnvironment } from "~/models/connections.server";
import { ModelCallError } from "~/models/errors";
import { generateStructured } from "~/models/generate.server";
import { BackendRegistry } from "~/models/registry";
import { updateModelSettings } from "~/models/settings.server";
import { createKeyring } from "~/secrets/crypto.server";
import { z } from "zod";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { startProviderEmulator, type RunningProviderEmulator } from "../../emulator/providers/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshPostgres, freshSqlite, type TestDatabase } from "../support/databases";

/**
 * Bulk jobs end to end over real HTTP, on SQLite and on PostgreSQL: products read from
 * the Admin API emulator, copy from the provider emulator, writes back to the Admin
 * emulator; the runner claims by lease, survives being killed, and shares itself fairly.
 */
// Each database gets its own shops: the Admin emulator keeps what the other run wrote.
const shopsFor = (kind: string) => ({
  REVIEW: `${kind}-jobs-review.myshopify.com`,
  AUTO: `${kind}-jobs-auto.myshopify.com`,
  CONTROL: `${kind}-jobs-control.myshopify.com`,
  CRASH: `${kind}-jobs-crash.myshopify.com`,
  BIG: `${kind}-jobs-big.myshopify.com`,
  SMALL: `${kind}-jobs-small.myshopify.com`,
  BUDGET: `${kind}-jobs-budget.myshopify.com`,
  RETRY: `${kind}-jobs-retry.myshopify.com`,
  FLAKY: `${kind}-jobs-flaky.myshopify.com`,
  RESTART: `${kind}-jobs-restart.myshopify.com`,
  ORDER: `${kind}-jobs-order.myshopify.com`,
});

let admin: RunningAdminEmulator;
let providers: RunningProviderEmulator;
let registry: BackendRegistry;
let connections: ConnectionEnvironment;

const sqlite = await freshSqlite();
const postgres = await freshPostgres();
const databases: TestDatabase[] = [sqlite, ...("unavailable" in postgres ? [] : [postgres])];
if ("unavailable" in postgres) console.warn(`bulk jobs on PostgreSQL skipped: ${postgres.unavailable}`);

beforeAll(async () => {
  admin = await startAdminEmulator({
    apiKey: "k",
    apiSecret: "s",
    scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
    plan: "plus",
    bulkDelayMs: 5,
    shops: ["sqlite", "postgres"].flatMap((kind) =>
      Object.entries(shopsFor(kind)).map(([name, domain], index) => ({ domain, seed: { products: name === "BIG" ? 40 : name === "SMALL" ? 5 : 20, seed: 30 + index } })),
    ),
  });
  providers = await startProviderEmulator();
  registry = BackendRegistry.withExtras([{ id: "emulated-openai", extends: "openai", label: "OpenAI (emulated)", baseUrl: providers.baseUrls.openai, emulated: true }]);
  connections = {
    keyring: createKeyring({ version: 1, key: Buffer.alloc(32, 5).toString("base64") }),
    endpointPolicy: { allowedHosts: [new URL(providers.url).host] },
    operatorKeys: {},
  };
});

afterAll(async () => {
  await Promise.all([admin.close(), providers.close(), ...databases.map((database) => database.close())]);
});

/** Model calls the provider emulator has answered, read over its control API. */
async function modelCalls(): Promise<number> {
  const response = await fetch(`${providers.url}/__emulator/requests`);
  const body = (await response.json()) as Record<string, unknown>;
  const counts = (body.counts ?? body) as Record<string, number>;
  return Number(counts.openai ?? 0);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000, what = "condition") {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const seoJob = (mode: "review" | "auto_apply", backendId = "emulated-openai", modelId = "gpt-6-luna"): StartJobInput => ({
  request: { fields: ["seoTitle", "metaDescription"], locales: ["en"], backendId, modelId },
  selection: { kind: "all" },
  mode,
});

describe.each(databases)("bulk jobs on $kind", (testDatabase) => {
  const database = testDatabase.database;
  const { REVIEW, AUTO, CONTROL, CRASH, BIG, SMALL, BUDGET, RETRY, FLAKY, RESTART, ORDER } = shopsFor(testDatabase.kind);
  const SHOPS = [REVIEW, AUTO, CONTROL, CRASH, BIG, SMALL, BUDGET, RETRY, FLAKY, RESTART, ORDER];
  const client = (shop: string) => emulatorAdminClient(admin, shop);
  const environment = () => ({ registry, connections });
  const deps: JobServiceDependencies & { runner?: JobRunner } = { database, dispatcher: { notify: () => deps.runner?.notify() }, environment: environment() };
  const newRunner = (options: ConstructorParameters<typeof JobRunner>[1] = {}) =>
    new JobRunner({ database, adminFor: async (shop) => client(shop), environment: environment() }, { idleMs: 20, ...options });

  // A test that fails before stopping its runner must not leave it claiming the next tests' items.
  afterEach(async () => {
    await deps.runner?.stop();
  });

  beforeAll(async () => {
    deps.environment = environment();
    for (const shop of SHOPS) {
      await database.job.deleteMany({ where: { shop } });
      await syncCatalog(client(shop), database, shop, { pollIntervalMs: 10 });
      await saveConnection(database, connections, registry.get("emulated-openai"), shop, { apiKey: "sk-emulated-openai" });
      await saveCopySettings(database, shop, copySettingsSchema.parse({ writePolicy: "overwrite" }));
    }
  });

  it("a review job: estimate, start, generate every product, approve all, apply, each value written once", async () => {
    const answer = await estimateJob(deps, client(REVIEW), REVIEW, seoJob("review"));
    expect(answer.estimate.products).toBe(20);
    expect(answer.estimate.modelCalls).toBe(20);
    expect(answer.estimate.inputTokens).toBeGreaterThan(20 * 100);
    expect(answer.estimate.costMicros).toBeGreaterThan(0);
    expect(answer.estimate.basis.sampledProducts).toBeGreaterThan(0);
    expect(answer.refusal).toBeNull();

    const runner = newRunner();
    deps.runner = runner;
    const before = await modelCalls();
    const job = await startJob(deps, client(REVIEW), { shop: REVIEW, actor: "merchant@example.com", job: seoJob("review") });
    expect(job.total).toBe(20);
    expect(job.reservedMicros).toBe(answer.estimate.costMicros);
    runner.start();
    await waitFor(async () => (await jobProgress(database, REVIEW, job.id)).status === "completed", 60_000, "review job to complete");
    const progress = await jobProgress(database, REVIEW, job.id);
    expect(progress.counts.generated + progress.counts.failed).toBe(20);
    expect(progress.counts.generated).toBeGreaterThan(15);
    expect(progress.reservedMicros).toBe(0);
    expect(progress.spentMicros).toBeGreaterThan(0);
    // one call per product, and a regeneration only for a product whose first answer failed a hard check
    const calls = (await modelCalls()) - before;
    expect(calls).toBeGreaterThanOrEqual(20);
    expect(calls).toBeLessThanOrEqual(40);
    // the ledger settled into the job: what the items cost is what the job spent
    const items = await database.jobItem.findMany({ where: { jobId: job.id } });
    expect(items.reduce((sum, item) => sum + Number(item.costMicros), 0)).toBe(progress.spentMicros);
    // nothing was written yet
    expect(await database.revision.count({ where: { shop: REVIEW } })).toBe(0);

    // an edit is checked like generation: a refusal is not stored, a good edit is
    const editable = await database.proposal.findFirstOrThrow({ where: { shop: REVIEW, jobId: job.id, field: "seoTitle", status: "pending" } });
    const refusedEdit = await editProposal(database, client(REVIEW), { shop: REVIEW, jobId: job.id, proposalId: editable.id, value: "As an AI language model, I cannot write this title." });
    expect(refusedEdit.ok).toBe(false);
    const goodEdit = await editProposal(database, client(REVIEW), { shop: REVIEW, jobId: job.id, proposalId: editable.id, value: "  Hand-edited title  " });
    expect(goodEdit).toMatchObject({ ok: true, value: "Hand-edited title" });
    await expect(editProposal(database, client(REVIEW), { shop: AUTO, jobId: job.id, proposalId: editable.id, value: "x" })).rejects.toMatchObject({ code: "job_not_found" });

    const approved = await reviewProposals(database, REVIEW, job.id, { decision: "approve", scope: { kind: "all" } });
    expect(approved.updated).toBe(progress.pendingProposals);
    await applyApproved(deps, REVIEW, job.id);
    await waitFor(async () => (await jobProgress(database, REVIEW, job.id)).status === "completed", 60_000, "apply to complete");
    const applied = await jobProgress(database, REVIEW, job.id);
    expect(applied.counts.applied).toBe(progress.counts.generated);
    const revisions = await database.revision.findMany({ where: { shop: REVIEW, source: `job:${job.id}` } });
    // every approved value was written, or kept because the store already had it
    const written = await database.proposal.count({ where: { shop: REVIEW, jobId: job.id, status: "applied" } });
    expect(written + (await database.proposal.count({ where: { shop: REVIEW, jobId: job.id, status: "kept_existing" } }))).toBe(approved.updated);
    expect(revisions.length).toBe(written);
    expect(written).toBeGreaterThan(0);
    // each product's SEO title in the store is the approved proposal, written once
    const proposals = await database.proposal.findMany({ where: { shop: REVIEW, jobId: job.id, field: "seoTitle", status: "applied" } });
    const store = admin.store.requireShop(REVIEW).catalog.all();
    expect(proposals.map((proposal) => proposal.value)).toContain("Hand-edited title");
    for (const proposal of proposals) {
      expect(store.find((product) => `gid://shopify/Product/${product.legacyId}` === proposal.productId)?.seo.title).toBe(proposal.value);
    }
    expect(new Set(revisions.map((revision) => `${revision.productId}/${revision.field}`)).size).toBe(revisions.length);
    await runner.stop();
  });

  it("an auto-apply job writes as results arrive; items with hard failures are never written", async () => {
    const runner = newRunner({ concurrency: 3 });
    deps.runner = runner;
    runner.start();
    const job = await startJob(deps, client(AUTO), { shop: AUTO, actor: "merchant@example.com", job: seoJob("auto_apply") });
    await waitFor(async () => (await jobProgress(database, AUTO, job.id)).status === "completed", 60_000, "auto-apply job");
    const progress = await jobProgress(database, AUTO, job.id);
    expect(progress.counts.applied + progress.counts.failed + progress.counts.skipped).toBe(20);
    expect(progress.counts.applied).toBeGreaterThan(15);
    const revisions = await database.revision.findMany({ where: { shop: AUTO, source: `job:${job.id}` } });
    const written = await database.proposal.count({ where: { shop: AUTO, jobId: job.id, status: "applied" } });
    expect(revisions.length).toBe(written);
    // every written product is one whose item is applied
    const appliedProducts = new Set((await database.jobItem.findMany({ where: { jobId: job.id, status: "applied" } })).map((item) => item.productId));
    expect(revisions.every((revision) => appliedProducts.has(revision.productId))).toBe(true);
    expect((await listJobs(database, AUTO)).map((entry) => entry.id)).toContain(job.id);
    await runner.stop();
  });

  it("pause holds the job between items, resume finishes it, cancel stops it and releases the reservation", async () => {
    const runner = newRunner({ concurrency: 1 });
    deps.runner = runner;
    const job = await startJob(deps, client(CONTROL), { shop: CONTROL, actor: "m", job: seoJob("review", "templates", "default") });
    await pauseJob(deps, CONTROL, job.id);
    runner.start();
    await runner.whenIdle();
    expect((await jobProgress(database, CONTROL, job.id)).counts.queued).toBe(20);
    await resumeJob(deps, CONTROL, job.id);
    await waitFor(async () => (await jobProgress(database, CONTROL, job.id)).status === "completed", 30_000, "resumed job");
    expect((await jobProgress(database, CONTROL, job.id)).counts.generated).toBe(20);

    const slow = await startJob(deps, client(CONTROL), { shop: CONTROL, actor: "m", job: seoJob("review") });
    await waitFor(async () => (await jobProgress(database, CONTROL, slow.id)).counts.generated >= 2, 30_000, "two items");
    await cancelJob(deps, CONTROL, slow.id);
    await waitFor(async () => (await jobProgress(database, CONTROL, slow.id)).status === "cancelled", 30_000, "cancelled");
    const cancelled = await jobProgress(database, CONTROL, slow.id);
    expect(cancelled.counts.cancelled).toBeGreaterThan(0);
    expect(cancelled.counts.queued + cancelled.counts.running).toBe(0);
    expect(cancelled.reservedMicros).toBe(0);
    await expect(resumeJob(deps, CONTROL, slow.id)).rejects.toMatchObject({ code: "job_state_conflict" });
    await expect(retryFailed(deps, CONTROL, slow.id)).rejects.toMatchObject({ code: "nothing_to_retry" });
    await expect(pauseJob(deps, REVIEW, slow.id)).rejects.toMatchObject({ code: "job_not_found" });
    await runner.stop();
  });

  it("a failure every item would repeat pauses the job with its reason; resume, then retry the failed item", async () => {
    const runner = newRunner({ concurrency: 1 });
    deps.runner = runner;
    const job = await startJob(deps, client(RETRY), { shop: RETRY, actor: "m", job: seoJob("review") });
    providers.faults.inject({ provider: "openai", kind: "billing", times: 1 });
    runner.start();
    await waitFor(async () => (await jobProgress(database, RETRY, job.id)).status === "paused", 60_000, "job paused by a billing failure");
    const paused = await jobProgress(database, RETRY, job.id);
    expect(paused.error).toEqual({ code: "billing", params: {} });
    expect(paused.counts.failed).toBe(1);
    expect(paused.recentErrors.map((entry) => entry.error.code)).toEqual(["billing"]);
    expect(paused.counts.queued).toBeGreaterThan(15);

    await resumeJob(deps, RETRY, job.id);
    await waitFor(async () => (await jobProgress(database, RETRY, job.id)).status === "completed", 60_000, "resumed job");
    const completed = await jobProgress(database, RETRY, job.id);
    expect(completed.error).toBeNull();
    expect(completed.counts.failed).toBe(1);
    expect(completed.reservedMicros).toBe(0);

    await retryFailed(deps, RETRY, job.id);
    const retrying = await jobProgress(database, RETRY, job.id);
    expect(retrying.counts.queued).toBe(1);
    expect(retrying.reservedMicros).toBeGreaterThan(0);
    await waitFor(async () => (await jobProgress(database, RETRY, job.id)).status === "completed", 60_000, "retried job");
    const done = await jobProgress(database, RETRY, job.id);
    expect(done.counts.failed).toBe(0);
    expect(done.counts.generated).toBe(20);
    await runner.stop();
  });

  it("a runner killed mid-job loses nothing: a new runner finishes it, no value written twice", async () => {
    const first = newRunner({ concurrency: 2, leaseMs: 400, owner: "first" });
    deps.runner = first;
    const before = await modelCalls();
    const job = await startJob(deps, client(CRASH), { shop: CRASH, actor: "m", job: seoJob("auto_apply") });
    first.start();
    await waitFor(async () => (await jobProgress(database, CRASH, job.id)).counts.applied >= 5, 30_000, "five applied");
    await first.abandon();
    const atCrash = await database.jobItem.count({ where: { jobId: job.id, status: { in: ["running", "applying"] } } });
    // the kill left work mid-way, held by leases nobody will renew
    expect(atCrash).toBeGreaterThan(0);

    const second = newRunner({ concurrency: 2, leaseMs: 400, owner: "second" });
    deps.runner = second;
    second.start();
    await waitFor(async () => (await jobProgress(database, CRASH, job.id)).status === "completed", 60_000, "job after the crash");
    await second.stop();
    const progress = await jobProgress(database, CRASH, job.id);
    expect(progress.counts.applied + progress.counts.failed + progress.counts.skipped).toBe(20);
    // no field of any product written twice by the job
    const revisions = await database.revision.findMany({ where: { shop: CRASH, source: `job:${job.id}` } });
    expect(new Set(revisions.map((revision) => `${revision.productId}/${revision.field}/${revision.locale}`)).size).toBe(revisions.length);
    // …and Shopify's side agrees: the Admin emulator's write log saw each value written once
    const shopWrites = ((await (await fetch(`${admin.url}/__emulator/writes?shop=${CRASH}`)).json()) as { writes: { writes: number; duplicateWrites: number } }).writes;
    expect(shopWrites.duplicateWrites).toBe(0);
    expect(shopWrites.writes).toBe(revisions.filter((revision) => revision.status === "written").length);
    // extra model calls: at most the items that were in flight when it died (and their regenerations)
    const calls = (await modelCalls()) - before;
    const items = await database.jobItem.findMany({ where: { jobId: job.id } });
    expect(items.filter((item) => item.attempts > 1).length).toBeLessThanOrEqual(atCrash);
    expect(calls).toBeLessThanOrEqual(2 * (20 + atCrash));
  });

  it("retries an item whose Shopify call could not be sent (connection refused) instead of failing it, and gives up after its attempts with a reason", async () => {
    const products = await database.catalogProduct.findMany({ where: { shop: FLAKY }, orderBy: { productId: "asc" }, take: 2, select: { productId: true } });
    const [once, always] = products.map((product) => product.productId) as [string, string];
    const failedWrites = new Map<string, number>();
    // As fetch reports a connection refused: the request never left, so sending it again cannot write twice.
    const reset = () => new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }) });
    // The connection is refused on productUpdate: once for one product, every time for another.
    const flaky = (shop: string) => {
      const inner = client(shop);
      return {
        graphql: async (query: string, options?: { variables?: Record<string, unknown> }) => {
          const variables = JSON.stringify(options?.variables ?? {});
          const target = [once, always].find((id) => variables.includes(id));
          if (target && /productUpdate\s*\(/.test(query)) {
            const count = (failedWrites.get(target) ?? 0) + 1;
            if (target === always || count === 1) {
              failedWrites.set(target, count);
              throw reset();
            }
          }
          return inner.graphql(query, options);
        },
      };
    };
    const runner = new JobRunner({ database, adminFor: async (shop) => flaky(shop), environment: environment() }, { idleMs: 20 });
    deps.runner = runner;
    const job = await startJob(deps, client(FLAKY), { shop: FLAKY, actor: "m", job: seoJob("auto_apply") });
    runner.start();
    await waitFor(async () => (await jobProgress(database, FLAKY, job.id)).status === "completed", 90_000, "flaky job");
    await runner.stop();
    const items = await database.jobItem.findMany({ where: { jobId: job.id } });
    const itemOf = (productId: string) => items.find((item) => item.productId === productId)!;
    // the product whose connection dropped once was written on the next try
    expect(itemOf(once).status).toBe("applied");
    // the one that never got an answer failed with that reason, after MAX_ITEM_ATTEMPTS tries, not at the first
    expect(itemOf(always).status).toBe("failed");
    expect(JSON.parse(itemOf(always).error!)).toMatchObject({ code: "network_error" });
    expect(failedWrites.get(always)).toBe(3);
    expect(items.filter((item) => item.productId !== always && item.status === "failed").length).toBe(0);
    const shopWrites = ((await (await fetch(`${admin.url}/__emulator/writes?shop=${FLAKY}`)).json()) as { writes: { duplicateWrites: number } }).writes;
    expect(shopWrites.duplicateWrites).toBe(0);
  });

  it("a restarted embedded server (the sole runner) takes back its dead predecessor's items at once, not after their leases", async () => {
    // The first process holds ten-minute leases and dies with items in flight.
    const first = newRunner({ concurrency: 4, leaseMs: 600_000 });
    deps.runner = first;
    const job = await startJob(deps, client(RESTART), { shop: RESTART, actor: "m", job: seoJob("auto_apply") });
    first.start();
    await waitFor(async () => (await database.jobItem.count({ where: { jobId: job.id, status: { in: ["running", "applying"] } } })) > 0, 30_000, "items in flight");
    await first.abandon();
    const held = await database.jobItem.count({ where: { jobId: job.id, status: { in: ["running", "applying"] }, leaseUntil: { gt: new Date(Date.now() + 60_000) } } });
    expect(held).toBeGreaterThan(0);
    const second = newRunner({ soleRunner: true, leaseMs: 600_000 });
    deps.runner = second;
    second.start();
    await waitFor(async () => (await jobProgress(database, RESTART, job.id)).status === "completed", 50_000, "job after the restart");
    await second.stop();
    const progress = await jobProgress(database, RESTART, job.id);
    expect(progress.counts.applied + progress.counts.skipped + progress.counts.failed).toBe(20);
    const shopWrites = ((await (await fetch(`${admin.url}/__emulator/writes?shop=${RESTART}`)).json()) as { writes: { duplicateWrites: number } }).writes;
    expect(shopWrites.duplicateWrites).toBe(0);
  });

  it("runs an item a crash sent back after the fresh ones, so crashes close together do not keep hitting it", async () => {
    const runner = newRunner({ concurrency: 1 });
    deps.runner = runner;
    const job = await startJob(deps, client(ORDER), { shop: ORDER, actor: "m", job: seoJob("review", "templates", "default") });
    const first = await database.jobItem.findFirstOrThrow({ where: { jobId: job.id }, orderBy: { id: "asc" } });
    // as the sweep leaves it: back in the queue with the attempt the dead runner had counted
    await database.jobItem.update({ where: { id: first.id }, data: { attempts: 1 } });
    runner.start();
    await waitFor(async () => (await jobProgress(database, ORDER, job.id)).status === "completed", 60_000, "order job");
    await runner.stop();
    const items = await database.jobItem.findMany({ where: { jobId: job.id }, orderBy: { startedAt: "asc" } });
    expect(items.at(-1)!.id).toBe(first.id);
    expect(items.at(-1)!.attempts).toBe(2);
  });

  it("shares the runner fairly: a small shop's job is not stuck behind a big shop's", async () => {
    const runner = newRunner({ concurrency: 1 });
    deps.runner = runner;
    const big = await startJob(deps, client(BIG), { shop: BIG, actor: "m", job: seoJob("review", "templates", "default") });
    const small = await startJob(deps, client(SMALL), { shop: SMALL, actor: "m", job: seoJob("review", "templates", "default") });
    runner.start();
    await waitFor(async () => (await jobProgress(database, BIG, big.id)).status === "completed", 60_000, "big job");
    await runner.stop();
    const smallJob = await jobProgress(database, SMALL, small.id);
    expect(smallJob.status).toBe("completed");
    // round-robin: by the time the small job's 5 items were done, the big shop had had about as many turns
    const bigBefore = await database.jobItem.count({ where: { jobId: big.id, finishedAt: { lte: new Date(smallJob.finishedAt!) } } });
    expect(bigBefore).toBeLessThanOrEqual(6);
    expect(bigBefore).toBeGreaterThanOrEqual(4);
  });

  it("the monthly cap holds with two jobs started at once and a single run beside them", async () => {
    const answer = await estimateJob(deps, client(BUDGET), BUDGET, seoJob("review"));
    const estimate = answer.estimate.costMicros!;
    // room for one job's reservation, not two
    await updateModelSettings(database, registry, BUDGET, { monthlyBudgetMicros: Math.floor(estimate * 1.5) });
    const started = await Promise.allSettled([
      startJob(deps, client(BUDGET), { shop: BUDGET, actor: "m", job: seoJob("review") }),
      startJob(deps, client(BUDGET), { shop: BUDGET, actor: "m", job: seoJob("review") }),
    ]);
    const ok = started.filter((result) => result.status === "fulfilled");
    const refused = started.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(ok.length).toBeLessThanOrEqual(1);
    for (const result of refused) expect(result.reason).toBeInstanceOf(JobBudgetError);
    const reserved = (await database.job.findMany({ where: { shop: BUDGET, status: { in: ["queued", "running", "paused"] } } })).reduce((sum, row) => sum + Number(row.reservedMicros), 0);
    expect(reserved).toBeLessThanOrEqual(Math.floor(estimate * 1.5));

    // A job that fits once the others are gone; while it holds its reservation, a single run that would eat into it is refused.
    if (ok.length === 0) await startJob(deps, client(BUDGET), { shop: BUDGET, actor: "m", job: seoJob("review") });
    await updateModelSettings(database, registry, BUDGET, { monthlyBudgetMicros: estimate + 10 });
    const single = generateStructured(
      { database, registry, connections, policy: { chain: [{ backendId: "emulated-openai", modelId: "gpt-6-luna" }], euOnly: false, monthlyBudgetMicros: estimate + 10 } },
      { shop: BUDGET, purpose: "product-copy", schema: z.object({ seoTitle: z.string() }), instructions: "Write an SEO title.", data: "A wool scarf.", maxOutputTokens: 200 },
    );
    await expect(single).rejects.toSatisfy((error: unknown) => error instanceof ModelCallError && error.kind === "budget_exceeded");

    const runner = newRunner({ concurrency: 2 });
    deps.runner = runner;
    runner.start();
    await waitFor(async () => (await database.job.count({ where: { shop: BUDGET, status: { in: ["queued", "running"] } } })) === 0, 60_000, "budget job");
    await runner.stop();
    const spent = await database.usageLedger.aggregate({ where: { shop: BUDGET }, _sum: { costMicros: true } });
    expect(Number(spent._sum.costMicros ?? 0n)).toBeLessThanOrEqual(estimate * 1.5);
    // every call the runner made is on the ledger with its job and its product (the Usage page's per-job and per-product sums)
    const calls = await database.usageLedger.findMany({ where: { shop: BUDGET }, select: { jobId: true, productId: true } });
    expect(calls.length).toBeGreaterThan(0);
    const items = await database.jobItem.findMany({ where: { shop: BUDGET }, select: { jobId: true, productId: true } });
    for (const call of calls) expect(items).toContainEqual({ jobId: call.jobId, productId: call.productId });
    // an unpriced paid model cannot run under a budget: the estimate says so, the start refuses it
    const unpriced = await estimateJob(deps, client(BUDGET), BUDGET, seoJob("review", "emulated-openai", "gpt-5.5"));
    expect(unpriced.estimate.costMicros).toBeNull();
    expect(unpriced.refusal).toMatchObject({ code: "unpriced_model", modelId: "gpt-5.5" });
    await expect(startJob(deps, client(BUDGET), { shop: BUDGET, actor: "m", job: seoJob("review", "emulated-openai", "gpt-5.5") })).rejects.toMatchObject({ code: "unpriced_model" });
    // a third job now would break the cap: refused with the numbers
    await expect(startJob(deps, client(BUDGET), { shop: BUDGET, actor: "m", job: seoJob("review") })).rejects.toSatisfy(
      (error: unknown) => error instanceof JobBudgetError && error.numbers.capMicros === estimate + 10 && error.numbers.estimateMicros === estimate,
    );
  });
});
