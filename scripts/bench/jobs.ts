import { mkdtempSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { syncCatalog } from "~/catalog/catalog-index.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import { createDatabase } from "~/db/client.server";
import { jobProgress, startJob, type JobServiceDependencies } from "~/jobs/service.server";
import type { JobProgress } from "~/jobs/types";
import { saveConnection } from "~/models/connections.server";
import { migrate } from "../db.mjs";
import {
  adminClient,
  adminControl,
  argument,
  benchRunner,
  CALLS_PER_PRODUCT,
  CORES,
  cpuSeconds,
  EMULATED_BACKEND,
  EMULATED_KEY,
  EMULATED_MODEL,
  emulatedEnvironment,
  JOB_FIELDS,
  openaiUsage,
  rssSampler,
  spawnEmulator,
  type ChildEmulator,
} from "./job-support";

/**
 * `npm run bench:jobs -- --products N --plan basic|advanced|plus --rpm R --tpm T --latency-ms L [--concurrency C] [--cpu-profile FILE]`
 *
 * Runs an auto-apply job (description, SEO title, meta description, alt text) over every
 * product of an Admin emulator shop, with the in-process JobRunner, against the provider
 * emulator's OpenAI surface at the given limits. Both emulators run in their own child
 * processes, so the peak RSS is Plume's alone. Compares the wall time with the floor the
 * limits set (requests/min, tokens/min, the shop's restore rate over the job's requested
 * Admin cost) and with one-product-at-a-time on the first ≤100 products of a second shop.
 * Measures; asserts nothing. Last line: JSON.
 */
const options = z
  .object({
    products: z.coerce.number().int().min(1),
    plan: z.enum(["basic", "advanced", "plus"]),
    rpm: z.coerce.number().int().positive(),
    tpm: z.coerce.number().int().positive(),
    latencyMs: z.coerce.number().int().min(0),
    concurrency: z.coerce.number().int().min(1).max(256).optional(),
    cpuProfile: z.string().min(1).optional(),
  })
  .parse({
    products: argument("products", "200"),
    plan: argument("plan", "plus"),
    rpm: argument("rpm", "6000"),
    tpm: argument("tpm", "100000000"),
    latencyMs: argument("latency-ms", "200"),
    concurrency: process.argv.includes("--concurrency") ? argument("concurrency", "") : undefined,
    cpuProfile: process.argv.includes("--cpu-profile") ? argument("cpu-profile", "") : undefined,
  });

/** A V8 CPU profile of this process over the measured job only (`--cpu-profile FILE`, for Chrome DevTools or speedscope). */
async function startCpuProfile(file: string) {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`  CPU profile of the job: ${file}`);
    },
  };
}
/** The Admin emulator calls the basic Shopify plan "standard". */
const emulatorPlan = options.plan === "basic" ? "standard" : options.plan;
/** Time an item spends besides the model's latency (reads, writes, bookkeeping), a guess for sizing the pool. */
const ITEM_OVERHEAD_MS = 250;
/**
 * The most the automatic choice goes to: measured on a loaded 2-core machine, 200 products
 * at concurrency 64 took 255 s with 70 "fetch failed" item retries, at 8 took 78 s with none —
 * the process is CPU-bound long before the provider's limits are. `--concurrency` overrides.
 */
const MAX_AUTO_CONCURRENCY = 16;
/**
 * Enough items in flight to keep the provider's request rate busy through each item's
 * latency and overhead (Little's law), with headroom; the pacing gates hold the rest back.
 */
const concurrency = options.concurrency ?? Math.min(MAX_AUTO_CONCURRENCY, Math.max(2, Math.ceil((options.rpm / 60) * ((options.latencyMs + ITEM_OVERHEAD_MS) / 1000) * 1.5)));
const SHOP = "bench-jobs.myshopify.com";
const NAIVE_SHOP = "bench-jobs-naive.myshopify.com";
const NAIVE_SAMPLE = Math.min(100, options.products);

const LISTENING = /listening on (http:\/\/\S+)/;
const startAdmin = (shop: string, products: number) =>
  spawnEmulator("emulator/admin/main.ts", ["--port", "0", "--shop", shop, "--products", String(products), "--plan", emulatorPlan, "--bulk-delay-ms", "0", "--log-level", "silent"], LISTENING);

interface RunResult {
  seconds: number;
  startSeconds: number;
  progress: JobProgress;
  /** how late this process's event loop ran over the job, ms (p50, p99, max): how long an answer can wait in its socket */
  loopDelay: { p50: number; p99: number; max: number };
  /** CPU seconds each process used from the job's start to its end (undefined where it cannot be read) */
  cpu: { plume: number | undefined; admin: number | undefined; provider: number | undefined };
}

/** The CPU seconds of Plume's process and the two emulators' at this moment. */
function cpuNow(admin: ChildEmulator, provider: ChildEmulator) {
  return { plume: cpuSeconds(), admin: cpuSeconds(admin.child.pid), provider: cpuSeconds(provider.child.pid) };
}

/** Indexes the shop, starts the auto-apply job and runs it to the end with a runner of `runnerConcurrency`. */
async function runJob(admin: ChildEmulator, provider: ChildEmulator, shop: string, runnerConcurrency: number, beforeStart: () => Promise<void>): Promise<RunResult> {
  const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "plume-bench-jobs-")), "bench.sqlite")}`;
  await migrate(url);
  const database = createDatabase(url);
  const environment = emulatedEnvironment(provider.url);
  const client = await adminClient(admin.url, shop);
  await syncCatalog(client, database, shop, { pollIntervalMs: 10 });
  await saveConnection(database, environment.connections, environment.registry.get(EMULATED_BACKEND), shop, { apiKey: EMULATED_KEY });
  await saveCopySettings(database, shop, copySettingsSchema.parse({ writePolicy: "overwrite" }));
  await beforeStart();

  // The job's end: the runner's job_finished event, or its status (one read every STATUS_POLL_MS: a bulk write that
  // settles the last items finishes the job outside the runner). Polling its whole progress every 100 ms would be the
  // benchmark's own load on the process it measures (six queries a poll).
  const finished = new Set<string>();
  let wake = () => {};
  const runner = benchRunner(database, client, environment, {
    concurrency: runnerConcurrency,
    idleMs: 20,
    onEvent: (event) => {
      if (event.type !== "job_finished") return;
      finished.add(event.jobId);
      wake();
    },
  });
  const deps: JobServiceDependencies = { database, dispatcher: runner, environment, concurrency: runnerConcurrency };
  runner.start();
  const profile = options.cpuProfile && runnerConcurrency > 1 ? await startCpuProfile(options.cpuProfile) : undefined;
  const cpuAtStart = cpuNow(admin, provider);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const job = await startJob(deps, client, {
    shop,
    actor: "bench",
    job: { request: { fields: [...JOB_FIELDS], locales: ["en"], backendId: EMULATED_BACKEND, modelId: EMULATED_MODEL }, selection: { kind: "all" }, mode: "auto_apply" },
  });
  const startSeconds = (performance.now() - started) / 1000;
  const STATUS_POLL_MS = 250;
  while (!finished.has(job.id)) {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, STATUS_POLL_MS);
    });
    if (finished.has(job.id)) break;
    const { status } = await database.job.findUniqueOrThrow({ where: { id: job.id }, select: { status: true } });
    if (status !== "queued" && status !== "running") break;
  }
  const seconds = (performance.now() - started) / 1000;
  loop.disable();
  const loopDelay = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
  await profile?.stop();
  const progress = await jobProgress(database, shop, job.id);
  const cpuAtEnd = cpuNow(admin, provider);
  const used = (key: keyof typeof cpuAtEnd) => (cpuAtStart[key] === undefined || cpuAtEnd[key] === undefined ? undefined : cpuAtEnd[key]! - cpuAtStart[key]!);
  await runner.stop();
  await database.$disconnect();
  return { seconds, startSeconds, progress, loopDelay, cpu: { plume: used("plume"), admin: used("admin"), provider: used("provider") } };
}

const provider = await spawnEmulator("emulator/providers/main.ts", ["--port", "0", "--rpm", String(options.rpm), "--tpm", String(options.tpm), "--latency-ms", String(options.latencyMs)], LISTENING);
const admin = await startAdmin(SHOP, options.products);
try {
  const usageBefore = await openaiUsage(provider.url);
  const rss = rssSampler();
  const run = await runJob(admin, provider, SHOP, concurrency, () => adminControl.resetCalls(admin.url, SHOP));
  const peakRssMb = rss.stop();
  const { cpu } = run;
  const usageAfter = await openaiUsage(provider.url);
  const calls = await adminControl.calls(admin.url, SHOP);
  const writes = await adminControl.writes(admin.url, SHOP);
  const bucket = await adminControl.throttle(admin.url, SHOP);
  await admin.stop();

  const modelCalls = usageAfter.answered - usageBefore.answered;
  const tokens = usageAfter.tokens - usageBefore.tokens;
  const requestBound = modelCalls / (options.rpm / 60);
  const tokenBound = tokens / (options.tpm / 60);
  // The writes' requested cost: only what exceeds a full bucket has to wait on the restore rate.
  const adminBound = Math.max(0, calls.mutations.requestedCost - bucket.maximumAvailable) / bucket.restoreRate;
  const boundSeconds = Math.max(requestBound, tokenBound, adminBound);

  // One product at a time: a fresh shop and database, the first ≤100 products, concurrency 1.
  const naiveAdmin = await startAdmin(NAIVE_SHOP, NAIVE_SAMPLE);
  const naive = await runJob(naiveAdmin, provider, NAIVE_SHOP, 1, async () => {});
  await naiveAdmin.stop();
  const naiveSeconds = (naive.seconds / NAIVE_SAMPLE) * options.products;

  const counts = run.progress.counts;
  const round = (value: number, places = 2) => Number(value.toFixed(places));
  console.log(`bench:jobs — ${options.products} products, plan ${options.plan}, ${options.rpm} rpm, ${options.tpm} tpm, ${options.latencyMs} ms latency, concurrency ${concurrency}`);
  console.log(`  job ${run.progress.status}: ${counts.applied} applied, ${counts.skipped} skipped, ${counts.failed} failed in ${run.seconds.toFixed(1)} s (start, incl. estimate: ${run.startSeconds.toFixed(1)} s) — ${(options.products / run.seconds).toFixed(1)} products/s`);
  console.log(`  model: ${modelCalls} calls (${(modelCalls / options.products).toFixed(2)} per product, ${CALLS_PER_PRODUCT} planned), ${tokens} tokens → floor ${requestBound.toFixed(1)} s by requests, ${tokenBound.toFixed(1)} s by tokens`);
  console.log(`  Admin: ${calls.total} calls (${(calls.total / options.products).toFixed(2)} per product) ${JSON.stringify(calls.byRootField)}, ${calls.throttled} THROTTLED, ${calls.mutations.total} mutations requesting ${calls.mutations.requestedCost} (all calls ${calls.requestedCost} requested, ${calls.actualCost} actual) on a ${bucket.maximumAvailable}-point bucket restoring ${bucket.restoreRate}/s → floor ${adminBound.toFixed(1)} s`);
  console.log(`  writes: ${writes.writes} values to ${writes.resources} resources, ${writes.duplicateWrites} duplicates (emulator write log)`);
  const cpuText = (seconds: number | undefined) => (seconds === undefined ? "unknown" : `${seconds.toFixed(1)} s`);
  const allCpu = cpu.plume !== undefined && cpu.admin !== undefined && cpu.provider !== undefined ? cpu.plume + cpu.admin + cpu.provider : undefined;
  console.log(
    `  CPU: Plume ${cpuText(cpu.plume)}${cpu.plume === undefined ? "" : ` (${((cpu.plume / run.seconds) * 100).toFixed(0)} % of one core over the run, ${((cpu.plume * 1000) / options.products).toFixed(1)} ms per product)`}, Admin emulator ${cpuText(cpu.admin)}, provider emulator ${cpuText(cpu.provider)}` +
      (allCpu === undefined ? "" : `; all three on ${CORES} cores → no run on this machine beats ${(allCpu / CORES).toFixed(1)} s, and Plume alone on one core ${cpuText(cpu.plume)}`),
  );
  console.log(`  event loop delay over the job: p50 ${run.loopDelay.p50.toFixed(0)} ms, p99 ${run.loopDelay.p99.toFixed(0)} ms, max ${run.loopDelay.max.toFixed(0)} ms`);
  console.log(`  bound ${boundSeconds.toFixed(1)} s, ratio ${(run.seconds / boundSeconds).toFixed(2)}; peak RSS ${peakRssMb} MB (this process)`);
  console.log(`  one at a time: ${NAIVE_SAMPLE} products in ${naive.seconds.toFixed(1)} s (${naive.progress.counts.failed} failed) → ${naiveSeconds.toFixed(0)} s for ${options.products}`);
  console.log(
    JSON.stringify({
      products: options.products,
      wallSeconds: round(run.seconds),
      boundSeconds: round(boundSeconds),
      ratio: round(run.seconds / boundSeconds),
      peakRssMb,
      modelCalls,
      adminCalls: calls.total,
      shopifyThrottled: calls.throttled,
      failed: counts.failed,
      duplicateWrites: writes.duplicateWrites,
      naiveSeconds: round(naiveSeconds, 1),
    }),
  );
} finally {
  await Promise.all([admin.stop(), provider.stop()]);
}
