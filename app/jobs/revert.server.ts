import type { JobRevert } from "@prisma/client";
import { AdminApiError, type AdminGraphql } from "~/catalog/admin-client.server";
import { refreshIndexedProduct } from "~/catalog/catalog-index.server";
import { ProductNotFoundError } from "~/catalog/product-facts.server";
import { PENDING_LEASE_MS, revertJobProduct, type RevertResult } from "~/copy/apply.server";
import type { Database } from "~/db/client.server";
import { isUniqueViolation } from "~/db/errors";
import { logger } from "~/observability/logger.server";
import { JobConflictError, JobNotFoundError } from "./errors";
import { encodeItemError } from "./state.server";
import { JOB_REVERT_STATUSES, type JobRevertStatus, type JobRevertView, type JobStatus } from "./types";

/**
 * A whole job's revert as a background task (the JobRevert row), so that the merchant's request
 * returns at once however big the job. The request records it; a worker (revert-runner.server.ts)
 * claims it by lease and works through the job's products in id order, one revertJobProduct per
 * product — every value the job wrote goes back, a field changed since by someone else is reported
 * and left as it is. After each product, one conditional update records the cursor and the
 * counts, so a worker that dies mid-revert leaves a lease that expires and a cursor to resume
 * after; the product it was in is simply done again (its writes are idempotent: revert:<id>).
 */

/** How long a claim holds before another worker may take the revert over (renewed while it works). */
export const DEFAULT_REVERT_LEASE_MS = 60_000;
/** Takeovers of a dead worker's revert, and unexpected errors, before it stops for good (failed). */
export const MAX_REVERT_ATTEMPTS = 3;
/** Times one product may be put off (throttled, a write still settling elsewhere) before its values count as failed. */
export const MAX_PRODUCT_DEFERRALS = 5;
/** How long a revert waits after an unexpected error before it is tried again. */
export const REVERT_ERROR_BACKOFF_MS = 30_000;
/** The lease a revert holds while it waits to come back (a deferral, a backoff): expired, any worker may claim it. */
const DEFERRED = "deferred";

/** A job that may still write values (items running or being written): revert it once it has stopped. */
const MOVING: readonly JobStatus[] = ["queued", "running", "cancelling"];
const REVERTIBLE: readonly JobStatus[] = ["paused", "completed", "cancelled", "failed"];

function toView(row: JobRevert): JobRevertView {
  const status = (JOB_REVERT_STATUSES as readonly string[]).includes(row.status) ? (row.status as JobRevertStatus) : "failed";
  return {
    id: row.id,
    status,
    productsTotal: row.productsTotal,
    productsDone: row.productsDone,
    reverted: row.reverted,
    conflicts: row.conflicts,
    failed: row.failed,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Records a revert of the job for a worker to run, and answers at once. One revert of a job at a time: asked
 * again while one is queued or running (a double click, a second tab), the answer is that one.
 */
export async function requestJobRevert(database: Database, input: { shop: string; jobId: string; actor: string }): Promise<JobRevertView> {
  const { shop, jobId, actor } = input;
  const job = await database.job.findFirst({ where: { id: jobId, shop }, select: { status: true } });
  if (!job) throw new JobNotFoundError(jobId);
  if (MOVING.includes(job.status as JobStatus)) throw new JobConflictError(jobId, REVERTIBLE, job.status);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      return toView(await database.jobRevert.create({ data: { shop, jobId, actor, activeJobId: jobId } }));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const active = await database.jobRevert.findFirst({ where: { shop, activeJobId: jobId } });
      if (active) return toView(active);
      // It finished between the two statements: record a new one.
    }
  }
  throw new JobConflictError(jobId, REVERTIBLE, job.status);
}

/** The job's latest revert, for its page: under way, or how the last one ended. */
export async function latestJobRevert(database: Database, shop: string, jobId: string): Promise<JobRevertView | null> {
  const row = await database.jobRevert.findFirst({ where: { shop, jobId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return row ? toView(row) : null;
}

/** A revert a worker holds: the row as claimed (startedAt set), kept up to date by the steps. */
export type ClaimedRevert = JobRevert & { startedAt: Date };

/**
 * Claims the oldest revert that is queued, or whose holder's lease has expired (a dead worker, or a wait that is
 * over). A takeover from a dead worker counts as an attempt; past MAX_REVERT_ATTEMPTS the revert stops (failed)
 * with what it did so far, instead of being taken over forever.
 */
export async function claimJobRevert(database: Database, owner: string, leaseMs: number, now = new Date()): Promise<ClaimedRevert | null> {
  const candidates = await database.jobRevert.findMany({
    where: { OR: [{ status: "queued" }, { status: "running", leaseUntil: { lt: now } }] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 5,
  });
  for (const candidate of candidates) {
    const crashed = candidate.status === "running" && candidate.leaseOwner !== DEFERRED;
    if (crashed && candidate.attempts >= MAX_REVERT_ATTEMPTS) {
      await database.jobRevert.updateMany({
        where: { id: candidate.id, status: "running", leaseOwner: candidate.leaseOwner, leaseUntil: candidate.leaseUntil },
        data: finished("failed", now, { code: "internal_error", params: {} }),
      });
      continue;
    }
    const startedAt = candidate.startedAt ?? now;
    const won = await database.jobRevert.updateMany({
      where: { id: candidate.id, status: candidate.status, leaseOwner: candidate.leaseOwner, leaseUntil: candidate.leaseUntil },
      data: { status: "running", leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs), startedAt, ...(crashed ? { attempts: { increment: 1 } } : {}) },
    });
    if (won.count !== 1) continue;
    const claimed = await database.jobRevert.findUniqueOrThrow({ where: { id: candidate.id } });
    if (candidate.startedAt === null) {
      // The products with something to put back, counted once, when the revert starts.
      const products = await database.revision.groupBy({ by: ["productId"], where: { shop: claimed.shop, jobId: claimed.jobId, status: "written", revertOfId: null, revertedAt: null } });
      await database.jobRevert.updateMany({ where: { id: claimed.id, leaseOwner: owner }, data: { productsTotal: products.length } });
      claimed.productsTotal = products.length;
    }
    return { ...claimed, startedAt };
  }
  return null;
}

function finished(status: "completed" | "failed", now: Date, error?: { code: string; params: Record<string, string | number> }) {
  return { status, activeJobId: null, leaseOwner: null, leaseUntil: null, finishedAt: now, ...(error ? { error: encodeItemError(error) } : {}) };
}

export type RevertStep = "continue" | "completed" | "deferred" | "lost";

/**
 * Reverts the next product of a claimed revert and records it (cursor and counts in one update, conditional on
 * the lease and on the cursor it started from). "completed": nothing was left; "deferred": the product has to wait
 * (a throttled Admin API, a write of it still settling elsewhere) and the revert was handed back until then;
 * "lost": another worker holds it now. Errors other than Shopify's are thrown for the runner (revertFailed).
 */
export async function revertNextProduct(admin: AdminGraphql, database: Database, revert: ClaimedRevert, owner: string, leaseMs: number): Promise<RevertStep> {
  const { shop, jobId } = revert;
  // The next product with values to put back — or whose values this revert put back without recording it (a worker
  // that died between the two): that one is done again, finds nothing left to write, and counts what was put back.
  const next = await database.revision.findFirst({
    where: {
      shop,
      jobId,
      status: "written",
      revertOfId: null,
      OR: [{ revertedAt: null }, { revertedAt: { gte: revert.startedAt } }],
      ...(revert.cursor ? { productId: { gt: revert.cursor } } : {}),
    },
    orderBy: { productId: "asc" },
    select: { productId: true },
  });
  if (!next) {
    const done = await database.jobRevert.updateMany({ where: { id: revert.id, leaseOwner: owner, status: "running" }, data: finished("completed", new Date()) });
    return done.count === 1 ? "completed" : "lost";
  }
  const { productId } = next;
  let results: RevertResult[];
  let unreachable = 0;
  try {
    results = await revertJobProduct(admin, database, { shop, jobId, actor: revert.actor, productId });
  } catch (error) {
    if (error instanceof AdminApiError && error.details.retryable && revert.deferrals < MAX_PRODUCT_DEFERRALS) {
      return defer(database, revert, owner, error.details.retryAfterMs ?? PENDING_LEASE_MS);
    }
    if (!(error instanceof AdminApiError) && !(error instanceof ProductNotFoundError)) throw error;
    // Shopify refused to read the product, or it is gone: none of its values can be put back now.
    logger.warn({ shop, jobId, productId, error: error.message }, "job revert: a product's values could not be put back");
    results = [];
    unreachable = await database.revision.count({ where: { shop, jobId, productId, status: "written", revertOfId: null, revertedAt: null } });
  }
  const waitMs = results.reduce((longest, result) => {
    if (result.status === "in_progress") return Math.max(longest, PENDING_LEASE_MS);
    if (result.status === "failed" && result.retryAfterMs !== undefined) return Math.max(longest, result.retryAfterMs);
    return longest;
  }, 0);
  if (waitMs > 0 && revert.deferrals < MAX_PRODUCT_DEFERRALS) return defer(database, revert, owner, waitMs);

  // What was put back is read from the revision store, not from this call's answer: a worker that died in the
  // middle of this product put some of it back already, and those count too (reverted since the revert started).
  const putBack = await database.revision.findMany({
    where: { shop, jobId, productId, status: "written", revertOfId: null, revertedAt: { gte: revert.startedAt } },
    select: { field: true, locale: true, resourceId: true },
  });
  const conflicts = results.filter((result) => result.status === "changed_since");
  const failed = results.filter((result) => result.status === "failed" || result.status === "in_progress").length + unreachable;
  await markProposals(database, { shop, jobId, productId }, putBack, conflicts);
  if (putBack.length > 0) await refreshIndexedProduct(admin, database, shop, productId).catch(() => undefined);
  const moved = await database.jobRevert.updateMany({
    where: { id: revert.id, leaseOwner: owner, status: "running", cursor: revert.cursor },
    data: {
      cursor: productId,
      productsDone: { increment: 1 },
      reverted: { increment: putBack.length },
      conflicts: { increment: conflicts.length },
      failed: { increment: failed },
      deferrals: 0,
      leaseUntil: new Date(Date.now() + leaseMs),
    },
  });
  if (moved.count !== 1) return "lost";
  revert.cursor = productId;
  revert.deferrals = 0;
  return "continue";
}

/** Hands the revert back until `waitMs` has passed; any worker claims it then and tries the same product again. */
async function defer(database: Database, revert: ClaimedRevert, owner: string, waitMs: number): Promise<RevertStep> {
  const handed = await database.jobRevert.updateMany({
    where: { id: revert.id, leaseOwner: owner, status: "running" },
    data: { leaseOwner: DEFERRED, leaseUntil: new Date(Date.now() + waitMs), deferrals: { increment: 1 } },
  });
  return handed.count === 1 ? "deferred" : "lost";
}

/** A worker that stops (shutdown) hands its revert back at once: another claims it without waiting for the lease. */
export async function releaseJobRevert(database: Database, revert: ClaimedRevert, owner: string): Promise<void> {
  await database.jobRevert.updateMany({ where: { id: revert.id, leaseOwner: owner, status: "running" }, data: { leaseOwner: DEFERRED, leaseUntil: new Date() } });
}

/**
 * An unexpected error (the database, the shop's session): the revert is handed back for a later attempt, and
 * after MAX_REVERT_ATTEMPTS it stops (failed) with what it did so far. The merchant can revert the job again.
 */
export async function revertFailed(database: Database, revert: ClaimedRevert, owner: string): Promise<void> {
  const current = await database.jobRevert.findFirst({ where: { id: revert.id, leaseOwner: owner, status: "running" }, select: { attempts: true } });
  if (!current) return;
  if (current.attempts + 1 >= MAX_REVERT_ATTEMPTS) {
    await database.jobRevert.updateMany({ where: { id: revert.id, leaseOwner: owner, status: "running" }, data: finished("failed", new Date(), { code: "internal_error", params: {} }) });
    return;
  }
  await database.jobRevert.updateMany({
    where: { id: revert.id, leaseOwner: owner, status: "running" },
    data: { leaseOwner: DEFERRED, leaseUntil: new Date(Date.now() + REVERT_ERROR_BACKOFF_MS), attempts: { increment: 1 } },
  });
}

/** The product's applied proposals whose values went back are "reverted"; those changed since, "revert_conflict". */
async function markProposals(
  database: Database,
  scope: { shop: string; jobId: string; productId: string },
  putBack: Array<{ field: string; locale: string; resourceId: string }>,
  conflicts: RevertResult[],
) {
  const mark = (target: { field: string; locale: string; resourceId: string }, status: "reverted" | "revert_conflict") =>
    database.proposal.updateMany({ where: { ...scope, field: target.field, locale: target.locale, resourceId: target.resourceId, status: "applied" }, data: { status } });
  await database.$transaction([...putBack.map((target) => mark(target, "reverted")), ...conflicts.map((target) => mark(target, "revert_conflict"))]);
}
