import { spawn, type ChildProcess } from "node:child_process";
import { hostname } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncCatalog } from "~/catalog/catalog-index.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import { BullmqDispatcher } from "~/jobs/bullmq/dispatcher.server";
import type { JobDispatcher } from "~/jobs/dispatcher";
import { jobProgress, startJob } from "~/jobs/service.server";
import type { StartJobInput } from "~/jobs/types";
import { saveConnection } from "~/models/connections.server";
import { BackendRegistry } from "~/models/registry";
import { createKeyring } from "~/secrets/crypto.server";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { startProviderEmulator, type RunningProviderEmulator } from "../../emulator/providers/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshPostgres, type TestDatabase } from "../support/databases";
import { TEST_ENVIRONMENT } from "../support/environment";
import { ensureRedis } from "../support/services";

/**
 * The scale-out set-up run by real processes against the Admin and provider emulators over
 * HTTP: PostgreSQL + BullMQ on Redis, two `npm run worker` processes share one job, one is
 * killed (SIGKILL) mid-job, the other finishes it. (The in-process runner's kill-and-restart on
 * SQLite and PostgreSQL is test/integration/jobs.test.ts.)
 * Every item ends exactly once: each product settled once, no duplicate write in the emulator's
 * write log, and model calls bounded by the items re-run after the kill.
 */
const root = path.resolve(import.meta.dirname, "../..");
const PRODUCTS = 24;
const LEASE_MS = 3_000;
const SCOPES = TEST_ENVIRONMENT.SCOPES;
const BACKEND = "emulated-openai";

let admin: RunningAdminEmulator;
let providers: RunningProviderEmulator;

const postgres = await freshPostgres();
const redis = await ensureRedis();
const scaleOutSkip = "unavailable" in postgres ? postgres.unavailable : "unavailable" in redis ? redis.unavailable : undefined;
if (scaleOutSkip) console.warn(`scale-out (PostgreSQL + BullMQ/Redis) skipped: ${scaleOutSkip}`);

beforeAll(async () => {
  admin = await startAdminEmulator({
    apiKey: TEST_ENVIRONMENT.SHOPIFY_API_KEY,
    apiSecret: TEST_ENVIRONMENT.SHOPIFY_API_SECRET,
    scopes: SCOPES,
    plan: "plus",
    bulkDelayMs: 5,
    shops: [{ domain: "postgres-scale-out.myshopify.com", seed: { products: PRODUCTS, seed: 90 } }],
  });
  // Model answers take a while, so a kill lands while items are in flight.
  providers = await startProviderEmulator({ latencyMs: 150 });
});

afterAll(async () => {
  await Promise.all([admin.close(), providers.close(), ...("unavailable" in postgres ? [] : [postgres.close()])]);
});

interface RunnerProcess {
  child: ChildProcess;
  owner: string;
  events: Array<Record<string, unknown> & { event: string }>;
  exited: Promise<number | null>;
}

function spawnRunner(entry: string, env: Record<string, string>): RunnerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./emulator/admin/preload-redirect.mjs", entry], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: RunnerProcess["events"] = [];
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (typeof parsed.event === "string") events.push(parsed as RunnerProcess["events"][number]);
        else if (process.env.PLUME_TEST_DEBUG) console.warn(line);
      } catch {
        if (process.env.PLUME_TEST_DEBUG) console.warn(line);
      }
    }
  });
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
    if (process.env.PLUME_TEST_DEBUG) console.warn(chunk.toString());
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      if (code !== 0 && code !== null) console.warn(`${entry} exited ${code}: ${errors.slice(-2000)}`);
      resolve(code);
    }),
  );
  return { child, owner: `worker-${hostname()}-${child.pid}`, events, exited };
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function modelCalls(): Promise<number> {
  const body = (await (await fetch(`${providers.url}/__emulator/requests`)).json()) as { counts: Record<string, number> };
  return Number(body.counts.openai ?? 0);
}

async function emulatorWrites(shop: string): Promise<{ writes: number; duplicateWrites: number }> {
  const body = (await (await fetch(`${admin.url}/__emulator/writes?shop=${encodeURIComponent(shop)}`)).json()) as { writes: { writes: number; duplicateWrites: number } };
  return body.writes;
}

const autoApplyJob: StartJobInput = {
  request: { fields: ["seoTitle", "metaDescription"], locales: ["en"], backendId: BACKEND, modelId: "gpt-6-luna" },
  selection: { kind: "all" },
  mode: "auto_apply",
};

/** The shop as installed: catalog indexed, a key for the emulated backend, overwrite policy, an expiring offline session. */
async function installShop(database: TestDatabase, shop: string) {
  const client = emulatorAdminClient(admin, shop);
  await syncCatalog(client, database.database, shop, { pollIntervalMs: 10 });
  const registry = BackendRegistry.withExtras([extraBackend()]);
  const connections = {
    keyring: createKeyring({ version: 1, key: TEST_ENVIRONMENT.PLUME_ENCRYPTION_KEY }),
    endpointPolicy: { allowedHosts: [new URL(providers.url).host] },
    operatorKeys: {},
  };
  await saveConnection(database.database, connections, registry.get(BACKEND), shop, { apiKey: "sk-emulated-openai" });
  await saveCopySettings(database.database, shop, copySettingsSchema.parse({ writePolicy: "overwrite" }));
  const token = admin.store.issueAccessToken(shop, { expiresInSeconds: 3600 });
  const refresh = admin.store.tokens.issueRefreshToken(shop, SCOPES);
  await database.database.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      scope: SCOPES,
      accessToken: token.token,
      expires: new Date(token.expiresAt!),
      refreshToken: refresh.token,
      refreshTokenExpires: new Date(refresh.expiresAt),
    },
  });
  return { registry, connections, client };
}

function extraBackend() {
  return { id: BACKEND, extends: "openai" as const, label: "OpenAI (emulated)", baseUrl: providers.baseUrls.openai, emulated: true };
}

function processEnvironment(database: TestDatabase): Record<string, string> {
  return {
    ...TEST_ENVIRONMENT,
    DATABASE_URL: database.url,
    PLUME_ADMIN_EMULATOR_URL: admin.url,
    PLUME_EXTRA_BACKENDS: JSON.stringify([extraBackend()]),
    PLUME_ALLOWED_MODEL_HOSTS: new URL(providers.url).host,
    PLUME_JOB_LEASE_MS: String(LEASE_MS),
    PLUME_JOB_CONCURRENCY: "2",
    ...(process.env.PLUME_TEST_DEBUG ? { LOG_LEVEL: "debug" } : {}),
  };
}

interface Outcome {
  items: number;
  modelCalls: number;
  writes: number;
  duplicateWrites: number;
  killedInFlight: number;
  reRunItems: number;
}

/** The job, one kill, and the checks both set-ups share. */
async function runKilledJob(
  database: TestDatabase,
  shop: string,
  dispatcher: JobDispatcher,
  start: () => RunnerProcess[],
  victim: () => RunnerProcess,
  afterKill: () => Promise<void>,
): Promise<Outcome> {
  const { client, registry, connections } = await installShop(database, shop);
  const db = database.database;
  // the processes start on an installed shop, as a restarted server or a new worker would
  const processes = start();
  await waitFor(() => processes.every((entry) => entry.events.some((event) => event.event === "started")), 90_000, "runner processes to start");
  await fetch(`${admin.url}/__emulator/writes?shop=${encodeURIComponent(shop)}`, { method: "DELETE" });
  const callsBefore = await modelCalls();

  const job = await startJob({ database: db, dispatcher, environment: { registry, connections } }, client, { shop, actor: "merchant@example.com", job: autoApplyJob });
  expect(job.total).toBe(PRODUCTS);

  const killed = victim();
  const terminal = { in: ["generated", "applied", "skipped", "failed", "kept_existing"] };
  const inFlightOf = (owner?: string) => db.jobItem.count({ where: { jobId: job.id, status: { in: ["running", "applying"] }, ...(owner ? { leaseOwner: owner } : { leaseOwner: { not: null } }) } });
  await waitFor(async () => (await db.jobItem.count({ where: { jobId: job.id, status: terminal } })) >= 4, 60_000, "some items to finish").catch(async (error: unknown) => {
    const statuses: Record<string, number> = {};
    for (const item of await db.jobItem.findMany({ where: { jobId: job.id }, select: { status: true } })) statuses[item.status] = (statuses[item.status] ?? 0) + 1;
    throw new Error(`${String(error)}; items: ${JSON.stringify(statuses)}; job: ${JSON.stringify(await jobProgress(db, shop, job.id))}`);
  });
  // the victim has finished work of its own (so both processes took part) and holds an item right now
  const victimDone = () => killed.events.filter((event) => event.event === "item_done").length;
  await waitFor(async () => victimDone() > 0 && (await inFlightOf(processes.length > 1 ? killed.owner : undefined)) > 0, 60_000, "the victim to finish an item and hold another");
  killed.child.kill("SIGKILL");
  await killed.exited;
  // what the killed process held when it died: leases it never settled
  const killedInFlight = await inFlightOf(processes.length > 1 ? killed.owner : undefined);
  expect(killedInFlight).toBeGreaterThan(0);
  await afterKill();

  await waitFor(async () => (await jobProgress(db, shop, job.id)).status === "completed", 120_000, "the job to complete after the kill");
  const progress = await jobProgress(db, shop, job.id);
  const items = await db.jobItem.findMany({ where: { jobId: job.id } });
  // every product once, each settled
  expect(items).toHaveLength(PRODUCTS);
  expect(new Set(items.map((item) => item.productId)).size).toBe(PRODUCTS);
  expect(items.every((item) => ["applied", "skipped", "failed"].includes(item.status) && item.leaseOwner === null)).toBe(true);
  expect(progress.counts.applied + progress.counts.skipped + progress.counts.failed).toBe(PRODUCTS);
  expect(progress.counts.applied).toBeGreaterThanOrEqual(PRODUCTS * 0.75);
  // only items the dead process held ran again
  const reRunItems = items.filter((item) => item.attempts > 1).length;
  expect(reRunItems).toBeLessThanOrEqual(killedInFlight);
  expect(items.reduce((sum, item) => sum + item.attempts, 0)).toBeLessThanOrEqual(PRODUCTS + killedInFlight);
  // writes: one per value, none twice (the emulator's own log), each with one revision
  const log = await emulatorWrites(shop);
  const revisions = await db.revision.findMany({ where: { shop, source: `job:${job.id}` } });
  expect(log.duplicateWrites).toBe(0);
  expect(new Set(revisions.map((revision) => `${revision.productId}/${revision.field}/${revision.locale}`)).size).toBe(revisions.length);
  expect(log.writes).toBe(revisions.length);
  expect(revisions.length).toBeGreaterThan(0);
  // model calls: one per generation attempt, plus at most one regeneration each (a hard check failed)
  const calls = (await modelCalls()) - callsBefore;
  const attempts = items.reduce((sum, item) => sum + item.attempts, 0);
  expect(calls).toBeGreaterThanOrEqual(PRODUCTS);
  expect(calls).toBeLessThanOrEqual(2 * attempts);
  return { items: items.length, modelCalls: calls, writes: log.writes, duplicateWrites: log.duplicateWrites, killedInFlight, reRunItems };
}

async function stopCleanly(entry: RunnerProcess) {
  entry.child.kill("SIGTERM");
  expect(await entry.exited).toBe(0);
  expect(entry.events.some((event) => event.event === "stopped")).toBe(true);
}

describe("scale-out: a job shared by two worker processes, one killed", () => {
  it.skipIf(scaleOutSkip !== undefined)("PostgreSQL + BullMQ: two worker processes share the job, one is killed, the other finishes it, every item once", async () => {
    if ("unavailable" in postgres || "unavailable" in redis) return;
    const shop = "postgres-scale-out.myshopify.com";
    const prefix = `plume-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const environment = { ...processEnvironment(postgres), PLUME_JOB_RUNNER: "bullmq", REDIS_URL: redis.url, PLUME_REDIS_PREFIX: prefix, PLUME_JOB_SHOP_CONCURRENCY: "4" };
    const workers: RunnerProcess[] = [];
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const dispatcher = new BullmqDispatcher(connection, prefix);
    try {
      const outcome = await runKilledJob(
        postgres,
        shop,
        dispatcher,
        () => {
          workers.push(spawnRunner("scripts/worker.ts", environment), spawnRunner("scripts/worker.ts", environment));
          return workers;
        },
        () => workers[0]!,
        async () => {},
      );
      const [killed, survivor] = workers as [RunnerProcess, RunnerProcess];
      const done = (entry: RunnerProcess) => entry.events.filter((event) => event.event === "item_done").length;
      // both worked on the one job before the kill; the survivor took over the dead one's items
      expect(done(killed)).toBeGreaterThan(0);
      expect(done(survivor)).toBeGreaterThan(0);
      expect(workers.some((entry) => entry.events.some((event) => event.event === "wake"))).toBe(true);
      expect(survivor.events.some((event) => event.event === "job_finished")).toBe(true);
      console.log(`scale-out postgres + bullmq, 2 workers: ${JSON.stringify({ ...outcome, itemsDoneByKilled: done(killed), itemsDoneBySurvivor: done(survivor) })}`);
      await stopCleanly(survivor);
    } finally {
      for (const entry of workers) if (entry.child.exitCode === null && entry.child.signalCode === null) entry.child.kill("SIGKILL");
      await dispatcher.close();
      const keys = await connection.keys(`${prefix}:*`);
      if (keys.length > 0) await connection.del(...keys);
      await connection.quit();
    }
  }, 240_000);
});
