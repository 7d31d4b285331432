import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import { keepCatalogSyncGoing, startCatalogSync } from "~/catalog/catalog-index.server";
import { CatalogSyncKeeper } from "~/catalog/sync-keeper.server";
import { claimCatalogSync, MAX_CATALOG_SYNC_ATTEMPTS, runUnderLease, takeOverCatalogSync } from "~/catalog/sync-lease.server";
import { createDatabase, type Database } from "~/db/client.server";
import { JobRunner } from "~/jobs/runner.server";
import { ADMIN_API_VERSION } from "~/shopify/api-version";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshPostgres, freshSqlite, type TestDatabase } from "../support/databases";

/**
 * The catalog sync is owned like a job item (docs/decisions/0014), on SQLite and PostgreSQL, against
 * the Admin emulator over real HTTP: a sync whose process died is taken over and completes; starts
 * racing from two processes make one sync; a start whose first write fails is recorded, with no
 * unhandled rejection.
 */
const PRODUCTS = 120;
const shopsFor = (kind: string) => ({
  CRASH: `${kind}-sync-crash.myshopify.com`,
  PAGE: `${kind}-sync-page.myshopify.com`,
  RACE: `${kind}-sync-race.myshopify.com`,
  FIRST_WRITE: `${kind}-sync-first-write.myshopify.com`,
  DENIED: `${kind}-sync-denied.myshopify.com`,
  EXHAUSTED: `${kind}-sync-exhausted.myshopify.com`,
  STALE: `${kind}-sync-stale.myshopify.com`,
});

let admin: RunningAdminEmulator;
const sqlite = await freshSqlite();
const postgres = await freshPostgres();
const databases: TestDatabase[] = [sqlite, ...("unavailable" in postgres ? [] : [postgres])];
if ("unavailable" in postgres) console.log(`SKIP catalog sync leases on PostgreSQL: ${postgres.unavailable}`);

beforeAll(async () => {
  admin = await startAdminEmulator({
    apiKey: "k",
    apiSecret: "s",
    scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
    plan: "plus",
    // Long enough for a sync to be caught (and killed) while Shopify still prepares its file.
    bulkDelayMs: 400,
    shops: ["sqlite", "postgres"].flatMap((kind) => Object.values(shopsFor(kind)).map((domain, index) => ({ domain, seed: { products: PRODUCTS, seed: 60 + index } }))),
  });
});

afterAll(async () => {
  await Promise.all([admin.close(), sqlite.close(), "unavailable" in postgres ? undefined : postgres.close()]);
});

const bulkRuns = (client: { calls: string[] }) => client.calls.filter((call) => call === "PlumeCatalogBulkRun").length;

/** A client whose token Shopify does not know: every call is answered 401. */
function revokedClient(shop: string): AdminGraphql {
  return {
    shop,
    graphql: (query, options) =>
      fetch(`${admin.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_revoked", "x-plume-emulator-shop": shop },
        body: JSON.stringify({ query, variables: options?.variables ?? {} }),
      }),
  };
}

/** The database, except that its first write to CatalogSync fails as a busy SQLite file would. */
function failingFirstSyncWrite(database: Database): { database: Database; failed: () => boolean } {
  let failed = false;
  const failOnce = async ({ args, query }: { args: unknown; query: (args: unknown) => Promise<unknown> }) => {
    if (!failed) {
      failed = true;
      throw new Error("SQLITE_BUSY: database is locked");
    }
    return query(args);
  };
  const extended = database.$extends({ query: { catalogSync: { updateMany: failOnce, create: failOnce, upsert: failOnce, update: failOnce } } });
  return { database: extended as unknown as Database, failed: () => failed };
}

describe.each(databases)("catalog sync leases on $kind", (testDatabase) => {
  const shops = shopsFor(testDatabase.kind);
  const database = testDatabase.database;
  const row = (shop: string) => database.catalogSync.findUniqueOrThrow({ where: { shop } });

  /** A sync started like the Products page starts one, killed (no more writes, no heartbeat) once Shopify is preparing its file. */
  async function syncThatDies(shop: string, leaseMs: number) {
    const client = emulatorAdminClient(admin, shop);
    const killed = new AbortController();
    const { started, done } = await startCatalogSync(client, database, shop, { owner: "web-that-dies", leaseMs, pollIntervalMs: 20, stop: killed.signal });
    expect(started).toBe(true);
    await expect.poll(async () => (await row(shop)).bulkOperationId, { timeout: 20_000 }).not.toBeNull();
    killed.abort();
    expect(await done).toEqual({ status: "stopped" });
    const dead = await row(shop);
    expect(dead).toMatchObject({ status: "running", leaseOwner: "web-that-dies", attempts: 1 });
    return { client, dead };
  }

  it("a sync whose process died is taken over by a runner's sweep once its lease expires, and completes on the same bulk operation", async () => {
    const { client: deadClient, dead } = await syncThatDies(shops.CRASH, 6_000);
    const takerClient = emulatorAdminClient(admin, shops.CRASH);
    const keeper = new CatalogSyncKeeper(database, async () => takerClient, { sweepMs: 100, leaseMs: 5_000, sync: { pollIntervalMs: 20 } });
    // Within the lease, a sweep leaves the sync to its owner.
    expect(await keeper.sweep()).toEqual([]);
    expect(await row(shops.CRASH)).toMatchObject({ status: "running", leaseOwner: "web-that-dies" });

    const runner = new JobRunner({ database, adminFor: async () => takerClient, companions: [keeper] }, { idleMs: 50 });
    runner.start();
    try {
      await expect.poll(async () => (await row(shops.CRASH)).status, { timeout: 30_000, interval: 100 }).toBe("completed");
    } finally {
      await runner.stop();
    }
    const after = await row(shops.CRASH);
    expect(after).toMatchObject({ status: "completed", productCount: PRODUCTS, attempts: 2, leaseOwner: null, leaseUntil: null, errorCode: null, bulkOperationId: dead.bulkOperationId });
    expect(await database.catalogProduct.count({ where: { shop: shops.CRASH } })).toBe(PRODUCTS);
    // Carried on with the dead process's bulk operation: one asked for in all.
    expect([bulkRuns(deadClient), bulkRuns(takerClient)]).toEqual([1, 0]);
  });

  it("the Products page takes over a sync whose process died, as a sweep would", async () => {
    await syncThatDies(shops.PAGE, 300);
    const pageClient = emulatorAdminClient(admin, shops.PAGE);
    await expect.poll(async () => ((await row(shops.PAGE)).leaseUntil?.getTime() ?? 0) < Date.now(), { timeout: 5_000 }).toBe(true);
    await keepCatalogSyncGoing(pageClient, database, shops.PAGE, { pollIntervalMs: 20 });
    await expect.poll(async () => (await row(shops.PAGE)).status, { timeout: 30_000, interval: 100 }).toBe("completed");
    expect(await row(shops.PAGE)).toMatchObject({ productCount: PRODUCTS, attempts: 2 });
    expect(bulkRuns(pageClient)).toBe(0);
    // A completed sync is left alone: the next visit starts nothing.
    await keepCatalogSyncGoing(pageClient, database, shops.PAGE, { pollIntervalMs: 20 });
    expect((await row(shops.PAGE)).status).toBe("completed");
  });

  it("starts racing from two processes make one sync, on a first visit and on a re-sync", async () => {
    // Two processes: on PostgreSQL two clients (two connection pools); SQLite is one process (docs/decisions/0010).
    const other = testDatabase.kind === "postgres" ? createDatabase(testDatabase.url) : database;
    try {
      for (const round of ["first visit", "re-sync", "re-sync again"]) {
        const clients = [emulatorAdminClient(admin, shops.RACE), emulatorAdminClient(admin, shops.RACE)];
        const starts = await Promise.all([
          startCatalogSync(clients[0]!, database, shops.RACE, { owner: `web-a-${round}`, pollIntervalMs: 20 }),
          startCatalogSync(clients[1]!, other, shops.RACE, { owner: `web-b-${round}`, pollIntervalMs: 20 }),
        ]);
        expect(starts.map((start) => start.started).sort(), round).toEqual([false, true]);
        const outcomes = await Promise.all(starts.map((start) => start.done));
        expect(outcomes.map((outcome) => outcome.status).sort(), round).toEqual(["busy", "completed"]);
        expect(clients.map(bulkRuns).reduce((sum, count) => sum + count, 0), round).toBe(1);
        expect(await row(shops.RACE), round).toMatchObject({ status: "completed", productCount: PRODUCTS, attempts: 1, leaseOwner: null });
      }
    } finally {
      if (other !== database) await other.$disconnect();
    }
  });

  it("a start whose first database write fails is recorded as failed, with no unhandled rejection", async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      const flaky = failingFirstSyncWrite(database);
      const client = emulatorAdminClient(admin, shops.FIRST_WRITE);
      // As the route calls it: the claim is awaited, the rest of the sync is left to run.
      const { started, done } = await startCatalogSync(client, flaky.database, shops.FIRST_WRITE, { pollIntervalMs: 20 });
      expect(flaky.failed()).toBe(true);
      expect(started).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(rejections).toEqual([]);
      expect(await done).toMatchObject({ status: "failed", code: "unknown" });
      const failed = await row(shops.FIRST_WRITE);
      expect(failed).toMatchObject({ status: "failed", errorCode: "unknown", leaseOwner: null });
      expect(failed.error).toContain("database is locked");
      expect(bulkRuns(client)).toBe(0);
      // The merchant's "Try again" then works.
      const retry = await startCatalogSync(client, database, shops.FIRST_WRITE, { pollIntervalMs: 20 });
      expect(retry.started).toBe(true);
      expect(await retry.done).toEqual({ status: "completed", productCount: PRODUCTS });
      expect(await row(shops.FIRST_WRITE)).toMatchObject({ status: "completed", errorCode: null, error: null });
    } finally {
      process.off("unhandledRejection", onRejection);
    }
  });

  it("a sync Shopify refuses is recorded with the kind the page words (access denied), and frees the shop for a retry", async () => {
    const { started, done } = await startCatalogSync(revokedClient(shops.DENIED), database, shops.DENIED, { pollIntervalMs: 20 });
    expect(started).toBe(true);
    expect(await done).toMatchObject({ status: "failed", code: "access_denied" });
    const failed = await row(shops.DENIED);
    expect(failed).toMatchObject({ status: "failed", errorCode: "access_denied", leaseOwner: null, leaseUntil: null });
    expect(failed.error).toContain("HTTP 401");
    expect(failed.error).toContain("Invalid API key");
    expect(failed.finishedAt).not.toBeNull();
    const retry = await startCatalogSync(emulatorAdminClient(admin, shops.DENIED), database, shops.DENIED, { pollIntervalMs: 20 });
    expect(retry.started).toBe(true);
    expect(await retry.done).toEqual({ status: "completed", productCount: PRODUCTS });
  });

  it(`a sync whose processes died ${MAX_CATALOG_SYNC_ATTEMPTS} times fails as interrupted instead of being taken over again`, async () => {
    await database.catalogSync.create({
      data: { shop: shops.EXHAUSTED, status: "running", startedAt: new Date(), leaseOwner: "gone", leaseUntil: new Date(Date.now() - 1_000), attempts: MAX_CATALOG_SYNC_ATTEMPTS },
    });
    const client = emulatorAdminClient(admin, shops.EXHAUSTED);
    const keeper = new CatalogSyncKeeper(database, async () => client, { leaseMs: 5_000 });
    expect(await keeper.sweep()).toEqual([]);
    expect(await row(shops.EXHAUSTED)).toMatchObject({ status: "failed", errorCode: "interrupted", leaseOwner: null, attempts: MAX_CATALOG_SYNC_ATTEMPTS });
    expect(client.calls).toEqual([]);
  });

  it("a run that lost its lease (stalled past it, taken over) writes nothing more", async () => {
    const stalled = { shop: shops.STALE, owner: "stalled", leaseMs: 60_000 };
    expect(await claimCatalogSync(database, stalled)).toBe(true);
    let resume!: () => void;
    const woken = new Promise<void>((resolve) => (resume = resolve));
    const outcome = runUnderLease(database, stalled, async (held) => {
      await woken;
      await held.update({ productCount: 999 });
      return 999;
    });
    // Its process stalled past its lease: another takes the sync over.
    await database.catalogSync.update({ where: { shop: shops.STALE }, data: { leaseUntil: new Date(Date.now() - 1) } });
    const taker = { shop: shops.STALE, owner: "taker", leaseMs: 60_000 };
    expect(await takeOverCatalogSync(database, taker)).toMatchObject({ bulkOperationId: null });
    resume();
    expect(await outcome).toEqual({ status: "busy" });
    expect(await row(shops.STALE)).toMatchObject({ status: "running", leaseOwner: "taker", productCount: 0, attempts: 2 });
  });
});
