import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { syncCatalog } from "~/catalog/catalog-index.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import { createDatabase } from "~/db/client.server";
import { BULK_WRITE_THRESHOLD } from "~/jobs/bulk-writes/writer.server";
import { NO_DISPATCH } from "~/jobs/dispatcher";
import { jobProgress, startJob } from "~/jobs/service.server";
import { saveConnection } from "~/models/connections.server";
import { startAdminEmulator } from "../../emulator/admin/server";
import { startProviderEmulator } from "../../emulator/providers/server";
import { migrate } from "../db.mjs";
import { adminClient, adminControl, argument, CALLS_PER_PRODUCT, EMULATED_BACKEND, EMULATED_KEY, EMULATED_MODEL, emulatedEnvironment, JOB_FIELDS, openaiUsage, ROOT, sleep } from "./job-support";

/**
 * `npm run chaos:jobs -- --products N --kills K [--seed S] [--concurrency C] [--lease-ms 2000] [--latency-ms 50] [--bulk-delay-ms 2000]`
 *
 * Runs an auto-apply job in a child process (scripts/bench/chaos-worker.ts) and `kill -9`s it
 * at K moments drawn from a seeded RNG — each at a random share of the job's model calls answered,
 * plus a random few hundred milliseconds, so kills land during generations and writes alike; every
 * third kill (for a job of BULK_WRITE_THRESHOLD products or more, which writes description and SEO
 * through bulk mutations) waits past its share (up to BULK_KILL_WAIT_MS) for a bulk mutation the Admin emulator
 * holds RUNNING for `--bulk-delay-ms`, and lands inside it — restarting it each time; the new process takes back the
 * dead one's items once their short lease expires. A worker lives MIN_WORKER_LIFE_MS before it is killed, so a point
 * passed while it was down does not land at its boot, where a kill costs nothing. After each kill the answered calls
 * the app's ledger does not have are counted: what that kill lost, against the calls it had in flight. The
 * emulators live in this process, so they survive the kills, and their
 * logs are the judge: the Admin emulator's write log (duplicate writes), the store itself
 * (is every product's value the job's written value?) and the provider emulator's answered
 * calls (repeated generations). The extra model calls are counted against an uninterrupted run
 * of the same job on the same seeded catalog (a second shop, run first): the emulated models are
 * deterministic per product, so the calls that run needs — regenerations of values a check
 * refused included — are the ones a killed run needs too. Measures; asserts nothing. Last line: JSON.
 */
const options = z
  .object({
    products: z.coerce.number().int().min(1),
    kills: z.coerce.number().int().min(0),
    seed: z.coerce.number().int(),
    concurrency: z.coerce.number().int().min(1).max(64),
    leaseMs: z.coerce.number().int().positive(),
    latencyMs: z.coerce.number().int().min(0),
    bulkDelayMs: z.coerce.number().int().min(0),
  })
  .parse({
    products: argument("products", "200"),
    kills: argument("kills", "5"),
    seed: argument("seed", "1"),
    concurrency: argument("concurrency", "8"),
    leaseMs: argument("lease-ms", "2000"),
    latencyMs: argument("latency-ms", "50"),
    bulkDelayMs: argument("bulk-delay-ms", "2000"),
  });
const SHOP = "chaos-jobs.myshopify.com";
/** A kill waits this long at most after its share of items settled, to land anywhere in an item's life. */
const KILL_JITTER_MS = 400;
/** A worker lives at least this long before a kill (a point passed while it was down waits for it to be working). */
const MIN_WORKER_LIFE_MS = 1_500;
/** A kill meant for a bulk mutation waits this long at most for the worker to start one, then lands anyway. */
const BULK_KILL_WAIT_MS = 45_000;

/** mulberry32: a small seeded generator, so a run's kill moments can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seededRandom(options.seed);
// Kill points as shares of the planned model calls answered, spread over the job (not its first or last 5 %).
const killAt = Array.from({ length: options.kills }, () => 0.05 + random() * 0.9).sort((a, b) => a - b);

/** The same catalog again, for an uninterrupted run of the same job: the baseline of model calls. */
const REFERENCE_SHOP = "chaos-jobs-reference.myshopify.com";
const admin = await startAdminEmulator({
  apiKey: "k",
  apiSecret: "s",
  scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
  plan: "plus",
  bulkDelayMs: options.bulkDelayMs,
  logLevel: "silent",
  shops: [SHOP, REFERENCE_SHOP].map((domain) => ({ domain, seed: { products: options.products, seed: options.seed } })),
});
const providers = await startProviderEmulator({ latencyMs: options.latencyMs, rateLimit: { requestsPerMinute: 1_000_000, tokensPerMinute: 1_000_000_000 } });
const environment = emulatedEnvironment(providers.url);

/**
 * How far the job is, read from the provider emulator (in this process), not from the
 * database: a second process reading the SQLite file while the worker writes would make
 * the worker's writes wait on the lock, which is not what is being measured.
 */
const answeredSoFar = () => providers.requests.filter((request) => request.provider === "openai" && request.status === 200).length;
const bulkMutations = (shop: string) =>
  admin.store
    .requireShop(shop)
    .bulk.newestFirst()
    .filter((operation) => operation.type === "MUTATION");
/** A bulk mutation of `shop` is under way in the Admin emulator (created or running). */
const bulkMutationRunning = (shop: string) => bulkMutations(shop).some((operation) => operation.isActive);
/** Every third kill lands inside a bulk mutation, when the job is large enough to write through them. */
const bulkKill = (index: number) => options.products >= BULK_WRITE_THRESHOLD && index % 3 === 2;

/** A fresh database for `shop`, its catalog indexed and the auto-apply job recorded (run only by the children). */
async function prepareJob(shop: string) {
  const databaseUrl = `file:${path.join(mkdtempSync(path.join(tmpdir(), "plume-chaos-jobs-")), "chaos.sqlite")}`;
  await migrate(databaseUrl);
  const database = createDatabase(databaseUrl);
  const client = await adminClient(admin.url, shop);
  await syncCatalog(client, database, shop, { pollIntervalMs: 10 });
  await saveConnection(database, environment.connections, environment.registry.get(EMULATED_BACKEND), shop, { apiKey: EMULATED_KEY });
  await saveCopySettings(database, shop, copySettingsSchema.parse({ writePolicy: "overwrite" }));
  await fetch(`${admin.url}/__emulator/writes?shop=${shop}`, { method: "DELETE" });
  const job = await startJob({ database, dispatcher: NO_DISPATCH, environment }, client, {
    shop,
    actor: "chaos",
    job: { request: { fields: [...JOB_FIELDS], locales: ["en"], backendId: EMULATED_BACKEND, modelId: EMULATED_MODEL }, selection: { kind: "all" }, mode: "auto_apply" },
  });
  return { databaseUrl, database, job };
}

function spawnWorker(databaseUrl: string, shop: string, jobId: string): ChildProcess {
  // tsx as a loader in the worker's own process, not tsx's CLI: the CLI runs the script in a child of its own, which a
  // SIGKILL of the CLI leaves running (an orphan). Every kill of the earlier harness left its worker alive beside the next.
  return spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "bench", "chaos-worker.ts")], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      CHAOS_DATABASE_URL: databaseUrl,
      CHAOS_ADMIN_URL: admin.url,
      CHAOS_PROVIDER_URL: providers.url,
      CHAOS_SHOP: shop,
      CHAOS_JOB_ID: jobId,
      CHAOS_LEASE_MS: String(options.leaseMs),
      CHAOS_CONCURRENCY: String(options.concurrency),
    },
  });
}

/** Runs the prepared job in child processes until it is over, killing one at each point (shares of the products' model calls answered). */
async function runWithKills(prepared: Awaited<ReturnType<typeof prepareJob>>, shop: string, points: readonly number[]) {
  const answeredBefore = answeredSoFar();
  const answeredInRun = () => answeredSoFar() - answeredBefore;
  const started = performance.now();
  const kills: { atSettled: number; afterMs: number; inFlight: number; duringBulk: boolean; lostAnswers: number }[] = [];
  /** Answered calls the app's ledger does not have, after the previous kill: what each kill cost is the difference. */
  let unledgeredBefore = 0;
  let processes = 0;
  /** Restarts of a worker whose runner loop had died on a database error (see chaos-worker.ts), not kills. */
  let stalls = 0;
  const WORKER_STALLED = 3;
  for (;;) {
    const worker = spawnWorker(prepared.databaseUrl, shop, prepared.job.id);
    processes += 1;
    const exited = new Promise<number | null>((resolve) => worker.once("exit", (code) => resolve(code)));
    let exitCode: number | null | undefined;
    void exited.then((code) => (exitCode = code));
    let killed = false;
    const spawnedAt = performance.now();
    /** When the next kill's point was reached (a kill waiting for a bulk mutation waits at most BULK_KILL_WAIT_MS more). */
    let dueSince: number | undefined;
    while (exitCode === undefined) {
      const target = points[kills.length];
      const due = target !== undefined && answeredInRun() >= Math.floor(target * options.products);
      if (due) dueSince ??= performance.now();
      // A point passed while the worker was down is not taken at boot (a kill before the worker works costs nothing),
      // and a kill meant for a bulk mutation that does not come (the job is past its last one) lands anyway.
      const booted = performance.now() - spawnedAt >= MIN_WORKER_LIFE_MS;
      const waited = dueSince === undefined ? 0 : performance.now() - dueSince;
      const duringBulk = bulkKill(kills.length) && waited < BULK_KILL_WAIT_MS;
      // Once booted, the worker follows any bulk mutation running, its own or one a killed predecessor started.
      if (due && booted && (!duringBulk || bulkMutationRunning(shop))) {
        // Inside a bulk mutation: within the time the emulator holds it RUNNING.
        const jitter = Math.floor(random() * (duringBulk ? Math.min(KILL_JITTER_MS, options.bulkDelayMs / 2) : KILL_JITTER_MS));
        await sleep(jitter);
        if (exitCode !== undefined) break;
        const inFlight = providers.requests.filter((request) => request.provider === "openai" && request.status === undefined).length;
        const bulkRunning = bulkMutationRunning(shop);
        worker.kill("SIGKILL");
        await exited;
        // The calls in flight at the kill get their answers (into a closed socket) within the emulated latency.
        await sleep(options.latencyMs + 200);
        const unledgered = answeredInRun() - (await prepared.database.usageLedger.count({ where: { shop } }));
        kills.push({ atSettled: answeredInRun(), afterMs: jitter, inFlight, duringBulk: bulkRunning, lostAnswers: unledgered - unledgeredBefore });
        unledgeredBefore = unledgered;
        dueSince = undefined;
        killed = true;
        break;
      }
      await sleep(20);
    }
    if (!killed) {
      const code = await exited;
      if (code === WORKER_STALLED) {
        stalls += 1;
        continue;
      }
      if (code !== 0) throw new Error(`the worker exited with ${code} without being killed`);
      break;
    }
  }
  return { seconds: (performance.now() - started) / 1000, kills, processes, stalls, answered: answeredInRun() };
}

// First the same job without a kill, on the same catalog: the model calls it takes (regenerations of
// values a check refused included) are the baseline the killed run's calls are compared with.
const reference = await prepareJob(REFERENCE_SHOP);
const uninterrupted = await runWithKills(reference, REFERENCE_SHOP, []);
const referenceProgress = await jobProgress(reference.database, REFERENCE_SHOP, reference.job.id);
await reference.database.$disconnect();

const usageBefore = await openaiUsage(providers.url);
const prepared = await prepareJob(SHOP);
const { database, job } = prepared;
const { seconds, kills, processes, stalls } = await runWithKills(prepared, SHOP, killAt);
const progress = await jobProgress(database, SHOP, job.id);
const items = await database.jobItem.findMany({ where: { shop: SHOP, jobId: job.id }, select: { productId: true, status: true, error: true, attempts: true } });
const completedProducts = new Set(items.filter((item) => item.status === "applied" || item.status === "skipped").map((item) => item.productId));
const failedWithReason = items.filter((item) => item.status === "failed" && item.error !== null).length;

// Is what the store holds what the job wrote? Every written proposal against the emulator's own record.
const store = admin.store.requireShop(SHOP).catalog;
const written = await database.proposal.findMany({ where: { shop: SHOP, jobId: job.id, status: "applied" }, select: { productId: true, field: true, resourceId: true, value: true } });
const mismatched = new Set<string>();
for (const proposal of written) {
  const product = store.get(Number(proposal.productId.split("/").pop()));
  const current =
    proposal.field === "descriptionHtml"
      ? product?.descriptionHtml
      : proposal.field === "seoTitle"
        ? product?.seo.title
        : proposal.field === "metaDescription"
          ? product?.seo.description
          : product?.media.find((media) => media.id === proposal.resourceId)?.alt;
  if (current !== proposal.value) mismatched.add(proposal.productId);
}
// Items neither completed nor failed with a reason (left queued, running, applying…), and products the store disagrees on.
const unsettled = items.filter((item) => !completedProducts.has(item.productId) && !(item.status === "failed" && item.error !== null)).length;
const lost = unsettled + [...mismatched].filter((productId) => completedProducts.has(productId)).length;

const writes = await adminControl.writes(admin.url, SHOP);
const usageAfter = await openaiUsage(providers.url);
const answered = usageAfter.answered - usageBefore.answered;
const ledgerCalls = await database.usageLedger.count({ where: { shop: SHOP } });
// Calls the kills cost: beyond what the same job took on the same catalog without a kill.
const extraModelCalls = answered - uninterrupted.answered;

console.log(`chaos:jobs — ${options.products} products, ${kills.length} kills (seed ${options.seed}), ${processes} processes (${stalls} restarted after their runner loop died), concurrency ${options.concurrency}, lease ${options.leaseMs} ms, ${seconds.toFixed(1)} s`);
console.log(
  `  kills at ${kills.map((kill) => `${kill.atSettled} model answers (+${kill.afterMs} ms, ${kill.inFlight} in flight${kill.duringBulk ? ", a bulk mutation running" : ""}, ${kill.lostAnswers} answers lost)`).join(", ")}; ${kills.filter((kill) => kill.duringBulk).length} during a bulk mutation`,
);
const bulkOperations = bulkMutations(SHOP);
console.log(`  bulk mutations: ${bulkOperations.length} (${bulkOperations.map((operation) => operation.status.toLowerCase()).join(", ")})`);
console.log(`  job ${progress.status}: ${progress.counts.applied} applied, ${progress.counts.skipped} skipped, ${progress.counts.failed} failed (${failedWithReason} with a reason), ${unsettled} unsettled`);
console.log(`  store check: ${written.length} written values, ${mismatched.size} products differ from the job's value`);
const referenceWrites = await adminControl.writes(admin.url, REFERENCE_SHOP);
console.log(
  `  writes: ${writes.writes} values (${writes.byVia.mutation} by mutation, ${writes.byVia.bulk} by bulk mutation; ${JSON.stringify(writes.byField)}), ${writes.duplicateWrites} duplicates (emulator write log); without a kill: ${referenceWrites.writes} values, ${referenceWrites.duplicateWrites} duplicates`,
);
console.log(
  `  model calls answered: ${answered}; without a kill the same job took ${uninterrupted.answered} (${options.products * CALLS_PER_PRODUCT} planned, the rest regenerations of values a check refused; ${referenceProgress.counts.failed} items failed there too, ${uninterrupted.seconds.toFixed(1)} s, ${uninterrupted.stalls} restarts of a stalled worker) → ${extraModelCalls} extra; the app's ledger recorded ${ledgerCalls}, so ${answered - ledgerCalls} answered calls were lost with a killed process`,
);
console.log(JSON.stringify({ products: options.products, kills: kills.length, completed: completedProducts.size, lost, duplicateWrites: writes.duplicateWrites, extraModelCalls }));
await database.$disconnect();
await Promise.all([admin.close(), providers.close()]);
