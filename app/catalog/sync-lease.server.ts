import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import type { Database } from "~/db/client.server";
import { isUniqueViolation } from "~/db/errors";
import { logger } from "~/observability/logger.server";
import type { CatalogSyncErrorCode } from "./sync-state";
import { classifySyncFailure } from "./sync-failure.server";

/**
 * A catalog sync is owned like a job item (docs/decisions/0014): one `CatalogSync` row per shop,
 * claimed by a conditional update that stamps `leaseOwner` and `leaseUntil`, renewed while the sync
 * works, and taken over by another process once it expires. Every write the sync makes to its row
 * is conditional on still holding the lease, so a process that lost it (it stalled past the lease,
 * another took over) changes nothing. These are the row's operations; running the sync is
 * catalog-index.server.ts, sweeping expired leases sync-keeper.server.ts.
 */

/** How long a claim holds before another process may take the sync over; renewed every third of it. */
export const CATALOG_SYNC_LEASE_MS = 30_000;
/** Runs of one sync (the first, and each takeover after its process died) before it fails as interrupted. */
export const MAX_CATALOG_SYNC_ATTEMPTS = 3;

/** A lease name: one per run, so a process never mistakes another run's lease (even its own earlier one) for its own. */
export const newSyncOwner = (prefix = "catalog-sync") => `${prefix}-${randomUUID()}`;

export interface SyncLease {
  shop: string;
  owner: string;
  leaseMs: number;
}

/** Where a taken-over sync was: the bulk operation it waited for, and when that was asked for (the cutoff for gone products). */
export interface SyncResumePoint {
  bulkOperationId: string | null;
  startedAt: Date;
}

export type SyncOutcome =
  | { status: "completed"; productCount: number }
  | { status: "failed"; code: CatalogSyncErrorCode; message: string }
  /** Another run holds the sync: it was started elsewhere first, or taken over after this one's lease expired. */
  | { status: "busy" }
  /** Stopped from outside (its runner stopping, or abandoned as a killed process would be): its row is left as it was. */
  | { status: "stopped" };

/** This run no longer holds the sync's lease: it must stop without writing. */
export class CatalogSyncLeaseLostError extends Error {
  override name = "CatalogSyncLeaseLostError";
  constructor(readonly shop: string) {
    super(`the catalog sync of ${shop} is no longer held by this run`);
  }
}

const running = "running";
const expiredWhere = (now: Date): Prisma.CatalogSyncWhereInput => ({ status: running, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] });
const heldWhere = (lease: Pick<SyncLease, "shop" | "owner">): Prisma.CatalogSyncWhereInput => ({ shop: lease.shop, leaseOwner: lease.owner, status: running });

/**
 * A fresh sync for the shop unless one is running: a conditional update of the shop's row, or its
 * creation (the primary key decides between two creators). True when this caller won. A running
 * sync, even one whose lease has expired, is not restarted here: takeOverCatalogSync resumes it.
 */
export async function claimCatalogSync(database: Database, lease: SyncLease): Promise<boolean> {
  const now = new Date();
  const fresh = {
    status: running,
    startedAt: now,
    finishedAt: null,
    productCount: 0,
    bulkOperationId: null,
    error: null,
    errorCode: null,
    leaseOwner: lease.owner,
    leaseUntil: new Date(now.getTime() + lease.leaseMs),
    attempts: 1,
  };
  const updated = await database.catalogSync.updateMany({ where: { shop: lease.shop, status: { not: running } }, data: fresh });
  if (updated.count === 1) return true;
  try {
    await database.catalogSync.create({ data: { shop: lease.shop, ...fresh } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/**
 * Takes over a running sync whose lease expired (its process died, or a row from before leases),
 * counting the attempt. Returns where it was, or null when it is not expired, has no attempts left
 * (failExhaustedSyncs fails it), or another process took it first.
 */
export async function takeOverCatalogSync(database: Database, lease: SyncLease): Promise<SyncResumePoint | null> {
  const now = new Date();
  const won = await database.catalogSync.updateMany({
    where: { shop: lease.shop, ...expiredWhere(now), attempts: { lt: MAX_CATALOG_SYNC_ATTEMPTS } },
    data: { leaseOwner: lease.owner, leaseUntil: new Date(now.getTime() + lease.leaseMs), attempts: { increment: 1 } },
  });
  if (won.count === 0) return null;
  const row = await database.catalogSync.findFirst({ where: heldWhere(lease), select: { bulkOperationId: true, startedAt: true } });
  return row;
}

/** Running syncs whose lease has expired: candidates for a takeover, oldest lease first. */
export async function expiredCatalogSyncs(database: Database, limit: number): Promise<string[]> {
  const rows = await database.catalogSync.findMany({ where: expiredWhere(new Date()), select: { shop: true }, orderBy: { leaseUntil: "asc" }, take: limit });
  return rows.map((row) => row.shop);
}

/** A sync whose processes died under it MAX_CATALOG_SYNC_ATTEMPTS times fails, with a reason the page words (every shop's, or one's). */
export async function failExhaustedSyncs(database: Database, shop?: string): Promise<number> {
  const now = new Date();
  const result = await database.catalogSync.updateMany({
    where: { ...(shop === undefined ? {} : { shop }), ...expiredWhere(now), attempts: { gte: MAX_CATALOG_SYNC_ATTEMPTS } },
    data: {
      status: "failed",
      errorCode: "interrupted" satisfies CatalogSyncErrorCode,
      error: `the processes running this sync stopped ${MAX_CATALOG_SYNC_ATTEMPTS} times before it finished`,
      finishedAt: now,
      leaseOwner: null,
      leaseUntil: null,
    },
  });
  return result.count;
}

/**
 * A run handing its sync over on purpose (its runner stopping): the lease is dropped at once, for
 * the next sweep to resume the sync, and the attempt is given back — a graceful handover is not a crash.
 */
export async function releaseCatalogSync(database: Database, lease: SyncLease): Promise<void> {
  await database.catalogSync.updateMany({ where: heldWhere(lease), data: { leaseOwner: null, leaseUntil: null, attempts: { decrement: 1 } } });
}

/**
 * A start that failed before the sync held its row (the claim itself threw): the failure is
 * recorded all the same, unless another run holds the sync by now. Never throws: a database that
 * cannot take this write either is logged, and the next visit of the Products page tries again.
 */
export async function recordStartFailure(database: Database, shop: string, error: unknown): Promise<SyncOutcome> {
  const failure = classifySyncFailure(error);
  logger.error({ shop, code: failure.code, error: failure.message }, "catalog sync could not start");
  const now = new Date();
  const data = { status: "failed", errorCode: failure.code, error: failure.message, finishedAt: now, leaseOwner: null, leaseUntil: null };
  try {
    const updated = await database.catalogSync.updateMany({ where: { shop, status: { not: running } }, data });
    if (updated.count === 0) await database.catalogSync.create({ data: { shop, startedAt: now, ...data } });
  } catch (recordError) {
    if (isUniqueViolation(recordError)) return { status: "busy" };
    logger.error({ shop, error: recordError instanceof Error ? recordError.message : String(recordError) }, "catalog sync failure could not be recorded");
  }
  return { status: "failed", ...failure };
}

/** What a sync's body may do to its row while it holds the lease. */
export interface HeldSync {
  readonly shop: string;
  /** Aborted when the lease is lost or the run is stopped from outside: the body stops at its next step. */
  readonly signal: AbortSignal;
  /** Writes progress to the sync's row if this run still holds it; throws CatalogSyncLeaseLostError otherwise. */
  update(data: { bulkOperationId?: string | null; startedAt?: Date; productCount?: number }): Promise<void>;
  /** Marks the sync completed and, in the same transaction, runs `alongside` (the index's clean-up); throws when the lease is lost. */
  complete(productCount: number, alongside: (transaction: Prisma.TransactionClient) => Promise<unknown>): Promise<void>;
}

const STOPPED = Symbol("stopped");
const LOST = Symbol("lease lost");

/**
 * Runs a claimed sync to its end: renews the lease every third of it, and records the outcome —
 * completed (by the body, through `complete`), or failed with its kind, unless the lease was lost
 * or the run stopped from outside. Never rejects: a failure that cannot be recorded is logged, and
 * the lease, no longer renewed, expires for a sweep to take the sync over.
 */
export async function runUnderLease(
  database: Database,
  lease: SyncLease,
  body: (held: HeldSync) => Promise<number>,
  options: { stop?: AbortSignal } = {},
): Promise<SyncOutcome> {
  const controller = new AbortController();
  const stop = () => controller.abort(STOPPED);
  if (options.stop?.aborted) stop();
  options.stop?.addEventListener("abort", stop);
  const lost = () => {
    if (!controller.signal.aborted) controller.abort(LOST);
  };
  const heartbeat = setInterval(
    () => {
      if (controller.signal.aborted) return;
      database.catalogSync
        .updateMany({ where: heldWhere(lease), data: { leaseUntil: new Date(Date.now() + lease.leaseMs) } })
        .then((renewed) => {
          if (renewed.count === 0) lost();
        })
        .catch((error: unknown) => logger.warn({ shop: lease.shop, error: error instanceof Error ? error.message : String(error) }, "catalog sync lease not renewed; trying again"));
    },
    Math.max(50, Math.floor(lease.leaseMs / 3)),
  );
  heartbeat.unref();
  const checkHeld = () => {
    if (controller.signal.aborted) throw new CatalogSyncLeaseLostError(lease.shop);
  };
  const held: HeldSync = {
    shop: lease.shop,
    signal: controller.signal,
    async update(data) {
      checkHeld();
      const written = await database.catalogSync.updateMany({ where: heldWhere(lease), data });
      if (written.count === 0) {
        lost();
        throw new CatalogSyncLeaseLostError(lease.shop);
      }
    },
    async complete(productCount, alongside) {
      checkHeld();
      await database.$transaction(async (transaction) => {
        const done = await transaction.catalogSync.updateMany({
          where: heldWhere(lease),
          data: { status: "completed", finishedAt: new Date(), productCount, error: null, errorCode: null, leaseOwner: null, leaseUntil: null },
        });
        if (done.count === 0) throw new CatalogSyncLeaseLostError(lease.shop);
        await alongside(transaction);
      });
    },
  };
  try {
    const productCount = await body(held);
    return { status: "completed", productCount };
  } catch (error) {
    if (controller.signal.reason === STOPPED) return { status: "stopped" };
    if (controller.signal.reason === LOST || error instanceof CatalogSyncLeaseLostError) return { status: "busy" };
    return await recordFailure(database, lease, error);
  } finally {
    clearInterval(heartbeat);
    options.stop?.removeEventListener("abort", stop);
  }
}

async function recordFailure(database: Database, lease: SyncLease, error: unknown): Promise<SyncOutcome> {
  const failure = classifySyncFailure(error);
  logger.error({ shop: lease.shop, code: failure.code, error: failure.message }, "catalog sync failed");
  try {
    const recorded = await database.catalogSync.updateMany({
      where: heldWhere(lease),
      data: { status: "failed", errorCode: failure.code, error: failure.message, finishedAt: new Date(), leaseOwner: null, leaseUntil: null },
    });
    if (recorded.count === 0) return { status: "busy" };
  } catch (recordError) {
    logger.error(
      { shop: lease.shop, error: recordError instanceof Error ? recordError.message : String(recordError) },
      "catalog sync failure could not be recorded; its lease will expire and a sweep will take it over",
    );
  }
  return { status: "failed", ...failure };
}
