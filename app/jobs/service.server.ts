import type { AdminGraphql } from "~/catalog/admin-client.server";
import { loadProductSnapshot } from "~/catalog/product-facts.server";
import { checkEditedValue } from "~/copy/product-workflow.server";
import { loadCopySettings } from "~/copy/settings";
import { copyFieldSchema, type Issue } from "~/copy/types";
import type { Database } from "~/db/client.server";
import type { ModelEnvironment } from "~/models/run-context.server";
import type { JobDispatcher } from "./dispatcher";
import { isUniqueViolation } from "~/db/errors";
import { JobAlreadyStartedError, JobBudgetError, JobNotFoundError, JobRequestError, JobUnpricedModelError } from "./errors";
import { budgetPosition, estimateJob as measureJob } from "./estimate.server";
import { finishJobIfDone } from "./runner.server";
import { createItems } from "./selection.server";
import { decodeItemError, transitionJob } from "./state.server";
import {
  emptyCounts,
  itemStatusSchema,
  JOB_ITEMS_PAGE_SIZE,
  jobModeSchema,
  jobRequestSchema,
  jobSelectionSchema,
  jobOriginKindSchema,
  jobStatusSchema,
  type BudgetPosition,
  type ItemCounts,
  type JobEstimate,
  type JobItemsQuery,
  type JobItemView,
  type JobOrigin,
  type JobOriginKind,
  type JobProgress,
  type KeyedJobOrigin,
  type JobSummary,
  type ReviewDecision,
  type StartJobInput,
} from "./types";

/**
 * The bulk-jobs service: what routes (and the Jobs pages through them) call. Every function
 * is scoped to one shop; a job id from another shop is "not found". State changes go
 * through the conditional transitions of state.server.ts; work is handed to the dispatcher.
 */
export interface JobServiceDependencies {
  database: Database;
  dispatcher: JobDispatcher;
  environment?: ModelEnvironment;
  /** the runner's concurrency, for the duration estimate */
  concurrency?: number;
}

function estimateOptions(deps: JobServiceDependencies) {
  return { ...(deps.environment ? { environment: deps.environment } : {}), ...(deps.concurrency ? { concurrency: deps.concurrency } : {}) };
}

export interface EstimateAnswer {
  estimate: JobEstimate;
  /** the budget as it stands; `refusal` when starting now would be refused, with the numbers */
  budget: BudgetPosition | null;
  refusal: { code: "budget_exceeded"; numbers: JobBudgetError["numbers"] } | { code: "unpriced_model"; backendId: string; modelId: string } | null;
}

/** The estimate shown before start, with whether the budget would let it start. */
export async function estimateJob(deps: JobServiceDependencies, admin: AdminGraphql, shop: string, input: StartJobInput): Promise<EstimateAnswer> {
  const estimate = await measureJob(admin, deps.database, shop, input, estimateOptions(deps));
  try {
    return { estimate, budget: await budgetPosition(deps.database, shop, estimate, deps.environment ? { environment: deps.environment } : {}), refusal: null };
  } catch (error) {
    if (error instanceof JobBudgetError) return { estimate, budget: null, refusal: { code: "budget_exceeded", numbers: error.numbers } };
    if (error instanceof JobUnpricedModelError) return { estimate, budget: null, refusal: { code: "unpriced_model", backendId: error.backendId, modelId: error.modelId } };
    throw error;
  }
}

/**
 * Validates, estimates, reserves the estimated cost (refused with the numbers when it would
 * break a cap), creates the items page by page and hands the job to the dispatcher.
 * The reservation is written with the job, so a second job's check already sees it.
 */
export async function startJob(
  deps: JobServiceDependencies,
  admin: AdminGraphql,
  input: { shop: string; actor: string; job: StartJobInput; origin?: JobOrigin },
): Promise<JobSummary> {
  const { database } = deps;
  const { shop, origin } = input;
  if (origin && "key" in origin) await refuseStartedOrigin(database, shop, origin);
  const estimate = await measureJob(admin, database, shop, input.job, estimateOptions(deps));
  await budgetPosition(database, shop, estimate, deps.environment ? { environment: deps.environment } : {});
  const job = await createJobRow(database, shop, origin, {
    data: {
      shop,
      // Items are created before the job can be claimed: "queued" is only set once they all exist.
      status: "paused",
      mode: input.job.mode,
      request: JSON.stringify(input.job.request),
      selection: JSON.stringify(input.job.selection),
      estimate: JSON.stringify(estimate),
      reservedMicros: BigInt(estimate.costMicros ?? 0),
      createdBy: input.actor,
      ...(origin ? { origin: origin.kind, originKey: "key" in origin ? origin.key : null } : {}),
    },
  });
  // The cap is checked again with this job's reservation in place: two jobs started at once cannot both pass.
  try {
    await recheckWithReservation(deps, shop, job.id, estimate);
  } catch (error) {
    await database.job.update({ where: { id: job.id }, data: { status: "cancelled", reservedMicros: 0n, finishedAt: new Date(), error: JSON.stringify({ code: "budget_exceeded", params: {} }) } });
    throw error;
  }
  let total: number;
  try {
    total = await createItems(database, shop, job.id, input.job.selection);
  } catch (error) {
    // A job whose items could not all be written never runs half a selection; its reservation goes back.
    await database.jobItem.deleteMany({ where: { jobId: job.id, shop } });
    await database.job.update({ where: { id: job.id }, data: { status: "failed", reservedMicros: 0n, finishedAt: new Date(), error: JSON.stringify({ code: "internal_error", params: {} }) } });
    throw error;
  }
  await database.job.updateMany({ where: { id: job.id, shop, status: "paused" }, data: { status: "queued", total } });
  deps.dispatcher.notify({ shop, jobId: job.id });
  return jobSummary(database, shop, job.id);
}

/** A job already started for this origin key is not started again (the answer names it). */
async function refuseStartedOrigin(database: Database, shop: string, origin: KeyedJobOrigin): Promise<void> {
  const existing = await database.job.findUnique({ where: { shop_originKey: { shop, originKey: origin.key } }, select: { id: true } });
  if (existing) throw new JobAlreadyStartedError(existing.id);
}

/**
 * The job row; with an origin key, the unique index (shop, originKey) decides between two starts at once: the
 * loser is told which job won. The read before the estimate only saves the work; this is what guarantees one job.
 */
async function createJobRow(database: Database, shop: string, origin: JobOrigin | undefined, args: Parameters<Database["job"]["create"]>[0]) {
  try {
    return await database.job.create(args);
  } catch (error) {
    if (origin && "key" in origin && isUniqueViolation(error)) {
      await refuseStartedOrigin(database, shop, origin);
    }
    throw error;
  }
}

/**
 * After reserving: the job's estimate against the spend and every OTHER reservation, which now
 * includes any job created since the first check. Two jobs started at once each see the other's
 * reservation here, so at worst both are refused; the cap is never overshot.
 */
async function recheckWithReservation(deps: JobServiceDependencies, shop: string, jobId: string, estimate: JobEstimate) {
  await budgetPosition(deps.database, shop, estimate, { ...(deps.environment ? { environment: deps.environment } : {}), exceptJobId: jobId });
}

export async function pauseJob(deps: JobServiceDependencies, shop: string, jobId: string): Promise<JobSummary> {
  await transitionJob(deps.database, { shop, jobId, from: ["queued", "running"], to: "paused", data: { pausedAt: new Date() } });
  return jobSummary(deps.database, shop, jobId);
}

export async function resumeJob(deps: JobServiceDependencies, shop: string, jobId: string): Promise<JobSummary> {
  const row = await deps.database.job.findFirst({ where: { id: jobId, shop }, select: { startedAt: true } });
  if (!row) throw new JobNotFoundError(jobId);
  await transitionJob(deps.database, { shop, jobId, from: ["paused"], to: row.startedAt ? "running" : "queued", data: { pausedAt: null, error: null } });
  deps.dispatcher.notify({ shop, jobId });
  return jobSummary(deps.database, shop, jobId);
}

/** Stops the job: queued items are cancelled at once, items in flight finish, then the job is cancelled and its reservation released. */
export async function cancelJob(deps: JobServiceDependencies, shop: string, jobId: string): Promise<JobSummary> {
  const { database } = deps;
  await transitionJob(database, { shop, jobId, from: ["queued", "running", "paused"], to: "cancelling" });
  await database.$transaction([
    database.jobItem.updateMany({ where: { jobId, shop, status: "queued" }, data: { status: "cancelled", finishedAt: new Date() } }),
    // approved items waiting to be written go back to review
    database.jobItem.updateMany({ where: { jobId, shop, status: "applying", leaseOwner: null }, data: { status: "generated" } }),
  ]);
  await finishJobIfDone(database, shop, jobId);
  deps.dispatcher.notify({ shop, jobId });
  return jobSummary(database, shop, jobId);
}

/** Failed items go back to the queue; a finished job runs again, reserving their share of the estimate. */
export async function retryFailed(deps: JobServiceDependencies, shop: string, jobId: string): Promise<JobSummary> {
  const { database } = deps;
  const job = await requireJob(database, shop, jobId);
  const failed = await database.jobItem.count({ where: { jobId, shop, status: "failed" } });
  if (failed === 0) throw new JobRequestError("nothing_to_retry");
  const estimate = JSON.parse(job.estimate) as JobEstimate;
  const share = estimate.costMicros === null || estimate.products === 0 ? 0 : Math.ceil((estimate.costMicros * failed) / estimate.products);
  await budgetPosition(database, shop, { ...estimate, costMicros: estimate.costMicros === null ? null : share }, { ...(deps.environment ? { environment: deps.environment } : {}), exceptJobId: jobId });
  // Items and job in one transaction (see applyApproved): the job never runs again without its queued items.
  await database.$transaction(async (tx) => {
    await tx.jobItem.updateMany({ where: { jobId, shop, status: "failed" }, data: { status: "queued", error: null, finishedAt: null, leaseOwner: null, leaseUntil: null, attempts: 0 } });
    if (job.status === "completed" || job.status === "failed") {
      await transitionJob(tx, { shop, jobId, from: [job.status], to: "running", data: { finishedAt: null, reservedMicros: BigInt(share) } });
    } else {
      await tx.job.updateMany({ where: { id: jobId, shop }, data: { reservedMicros: { increment: BigInt(share) } } });
    }
  });
  deps.dispatcher.notify({ shop, jobId });
  return jobSummary(database, shop, jobId);
}

/** Approves or rejects pending proposals of a review job: some items, those without warnings, or all. */
export async function reviewProposals(database: Database, shop: string, jobId: string, decision: ReviewDecision): Promise<{ updated: number }> {
  await requireJob(database, shop, jobId);
  let productIds: string[] | undefined;
  if (decision.scope.kind === "items") {
    const items = await database.jobItem.findMany({ where: { jobId, shop, id: { in: decision.scope.itemIds } }, select: { productId: true } });
    productIds = items.map((item) => item.productId);
  }
  const result = await database.proposal.updateMany({
    where: {
      shop,
      jobId,
      status: "pending",
      ...(productIds ? { productId: { in: productIds } } : {}),
      ...(decision.scope.kind === "without_warnings" ? { warnings: "[]" } : {}),
    },
    data: { status: decision.decision === "approve" ? "approved" : "rejected" },
  });
  return { updated: result.count };
}

/**
 * The merchant's edit of one pending or approved proposal of the job: sanitised and checked as
 * generation is; a value that fails a hard check is refused with the issues and not stored.
 */
export async function editProposal(
  database: Database,
  admin: AdminGraphql,
  input: { shop: string; jobId: string; proposalId: string; value: string },
): Promise<{ ok: true; value: string; warnings: Issue[] } | { ok: false; issues: Issue[] }> {
  const { shop, jobId, proposalId } = input;
  await requireJob(database, shop, jobId);
  const row = await database.proposal.findFirst({ where: { id: proposalId, shop, jobId, status: { in: ["pending", "approved"] } } });
  if (!row) throw new JobRequestError("unknown_proposal", { proposalId });
  const [product, settings] = await Promise.all([loadProductSnapshot(admin, row.productId), loadCopySettings(database, shop)]);
  const checked = checkEditedValue(product, settings, { field: copyFieldSchema.parse(row.field), locale: row.locale, value: input.value });
  if (checked.hardFailures.length > 0) return { ok: false, issues: checked.hardFailures };
  const updated = await database.proposal.updateMany({ where: { id: proposalId, shop, jobId, status: row.status }, data: { value: checked.value, warnings: JSON.stringify(checked.warnings) } });
  if (updated.count !== 1) throw new JobRequestError("unknown_proposal", { proposalId });
  return { ok: true, value: checked.value, warnings: checked.warnings };
}

/** Writes the approved proposals of a review job: their items move to "applying" and the runner writes them. */
export async function applyApproved(deps: JobServiceDependencies, shop: string, jobId: string): Promise<JobSummary> {
  const { database } = deps;
  const job = await requireJob(database, shop, jobId);
  // Nothing approved on a product still to write (all written, or being written right now): a second click is refused.
  if ((await readyToApplyCount(database, shop, jobId)) === 0) throw new JobRequestError("nothing_to_apply");
  const approved = await database.proposal.findMany({ where: { shop, jobId, status: "approved" }, select: { productId: true }, distinct: ["productId"] });
  const productIds = approved.map((row) => row.productId);
  // One transaction, items first: a runner finishing jobs never sees the job running again with nothing to write
  // (it would complete it at once, leaving the items applying in a finished job that no runner claims).
  await database.$transaction(async (tx) => {
    for (let start = 0; start < productIds.length; start += 500) {
      await tx.jobItem.updateMany({
        where: { jobId, shop, status: "generated", productId: { in: productIds.slice(start, start + 500) } },
        data: { status: "applying", leaseOwner: null, leaseUntil: null, finishedAt: null },
      });
    }
    if (job.status === "completed") await transitionJob(tx, { shop, jobId, from: ["completed"], to: "running", data: { finishedAt: null } });
  });
  deps.dispatcher.notify({ shop, jobId });
  return jobSummary(database, shop, jobId);
}

/**
 * The products "Apply approved" would write now: items still waiting for review ("generated") with at least one
 * approved proposal. An item already being written ("applying") or written is not counted again.
 */
export async function readyToApplyCount(database: Database, shop: string, jobId: string): Promise<number> {
  const [row] = await database.$queryRaw<Array<{ count: unknown }>>`SELECT COUNT(*) AS "count" FROM "JobItem" AS "item"
    WHERE "item"."jobId" = ${jobId} AND "item"."shop" = ${shop} AND "item"."status" = 'generated'
      AND EXISTS (SELECT 1 FROM "Proposal" AS "proposal" WHERE "proposal"."jobId" = "item"."jobId" AND "proposal"."shop" = "item"."shop" AND "proposal"."productId" = "item"."productId" AND "proposal"."status" = 'approved')`;
  // SQLite answers a number or a bigint, PostgreSQL a bigint.
  return Number(row?.count ?? 0);
}

async function requireJob(database: Database, shop: string, jobId: string) {
  const job = await database.job.findFirst({ where: { id: jobId, shop } });
  if (!job) throw new JobNotFoundError(jobId);
  return job;
}

async function countsOf(database: Database, shop: string, jobIds: string[]): Promise<Map<string, ItemCounts>> {
  const groups = await database.jobItem.groupBy({ by: ["jobId", "status"], where: { shop, jobId: { in: jobIds } }, _count: { _all: true } });
  const counts = new Map<string, ItemCounts>();
  for (const group of groups) {
    const status = itemStatusSchema.safeParse(group.status);
    if (!status.success) continue;
    const entry = counts.get(group.jobId) ?? emptyCounts();
    entry[status.data] = group._count._all;
    counts.set(group.jobId, entry);
  }
  return counts;
}

type JobRow = Awaited<ReturnType<typeof requireJob>>;

function toSummary(row: JobRow, counts: ItemCounts): JobSummary {
  return {
    id: row.id,
    status: jobStatusSchema.parse(row.status),
    mode: jobModeSchema.parse(row.mode),
    request: jobRequestSchema.parse(JSON.parse(row.request)),
    selection: jobSelectionSchema.parse(JSON.parse(row.selection)),
    estimate: JSON.parse(row.estimate) as JobEstimate,
    total: row.total,
    counts,
    reservedMicros: Math.max(0, Number(row.reservedMicros)),
    spentMicros: Number(row.spentMicros),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    pausedAt: row.pausedAt?.toISOString() ?? null,
    error: decodeItemError(row.error),
    origin: jobOriginKindSchema.safeParse(row.origin).data ?? null,
  };
}

export async function jobSummary(database: Database, shop: string, jobId: string): Promise<JobSummary> {
  const row = await requireJob(database, shop, jobId);
  return toSummary(row, (await countsOf(database, shop, [jobId])).get(jobId) ?? emptyCounts());
}

/** The shop's jobs, newest first. */
export async function listJobs(database: Database, shop: string, options: { take?: number; origin?: JobOriginKind } = {}): Promise<JobSummary[]> {
  const rows = await database.job.findMany({ where: { shop, ...(options.origin ? { origin: options.origin } : {}) }, orderBy: { createdAt: "desc" }, take: Math.min(options.take ?? 50, 200) });
  const counts = await countsOf(database, shop, rows.map((row) => row.id));
  return rows.map((row) => toSummary(row, counts.get(row.id) ?? emptyCounts()));
}

/** Throughput is measured over this window of settled items. */
const THROUGHPUT_WINDOW_MS = 5 * 60_000;

/** Counts, throughput, ETA, cost so far against the estimate and the latest errors. */
export async function jobProgress(database: Database, shop: string, jobId: string, now = new Date()): Promise<JobProgress> {
  const summary = await jobSummary(database, shop, jobId);
  const since = new Date(now.getTime() - THROUGHPUT_WINDOW_MS);
  const settledWhere = { jobId, shop, finishedAt: { gte: since } };
  const [settled, errors, pendingProposals, readyToApply] = await Promise.all([
    database.jobItem.aggregate({ where: settledWhere, _count: { _all: true }, _min: { finishedAt: true } }),
    database.jobItem.findMany({ where: { jobId, shop, status: "failed" }, orderBy: { finishedAt: "desc" }, take: 10, select: { id: true, productId: true, error: true, finishedAt: true } }),
    database.proposal.count({ where: { shop, jobId, status: "pending" } }),
    readyToApplyCount(database, shop, jobId),
  ]);
  let throughputPerMinute: number | null = null;
  const first = settled._min.finishedAt;
  if (first && settled._count._all >= 2) {
    const minutes = Math.max(1 / 60, (now.getTime() - first.getTime()) / 60_000);
    throughputPerMinute = settled._count._all / minutes;
  }
  const remaining = summary.counts.queued + summary.counts.running + summary.counts.applying;
  const active = summary.status === "running" || summary.status === "queued";
  return {
    ...summary,
    throughputPerMinute,
    etaSeconds: active && throughputPerMinute ? Math.ceil((remaining / throughputPerMinute) * 60) : null,
    recentErrors: errors.map((row) => ({ itemId: row.id, productId: row.productId, error: decodeItemError(row.error) ?? { code: "internal_error", params: {} }, at: (row.finishedAt ?? now).toISOString() })),
    pendingProposals,
    readyToApply,
  };
}

/** One page of a job's items with their proposals, for review. */
export async function jobItems(database: Database, shop: string, jobId: string, query: JobItemsQuery): Promise<{ items: JobItemView[]; total: number }> {
  await requireJob(database, shop, jobId);
  const where = { jobId, shop, ...(query.status ? { status: query.status } : {}) };
  const [rows, total] = await Promise.all([
    database.jobItem.findMany({ where, orderBy: { id: "asc" }, skip: (query.page - 1) * JOB_ITEMS_PAGE_SIZE, take: JOB_ITEMS_PAGE_SIZE }),
    database.jobItem.count({ where }),
  ]);
  return { total, items: await itemViews(database, shop, jobId, rows) };
}

/**
 * Job item rows as the review shows them: each with its product's title, its proposals (superseded ones left
 * out) and what became of the values the job wrote. Whether a written value was reverted is read from the
 * revision store (revertedAt), whichever way it was reverted (the whole job, or one change on the product
 * page): an applied proposal whose write has been put back shows as reverted.
 */
export async function itemViews(
  database: Database,
  shop: string,
  jobId: string,
  rows: Array<{ id: string; productId: string; status: string; attempts: number; error: string | null; costMicros: bigint }>,
): Promise<JobItemView[]> {
  const productIds = rows.map((row) => row.productId);
  const [proposals, titles, writes] = await Promise.all([
    database.proposal.findMany({ where: { shop, jobId, productId: { in: productIds }, status: { notIn: ["superseded"] } }, orderBy: { createdAt: "asc" } }),
    database.catalogProduct.findMany({ where: { shop, productId: { in: productIds } }, select: { productId: true, title: true } }),
    database.revision.findMany({
      where: { shop, jobId, productId: { in: productIds }, status: "written", revertOfId: null },
      select: { productId: true, field: true, locale: true, resourceId: true, revertedAt: true },
    }),
  ]);
  const titleOf = new Map(titles.map((entry) => [entry.productId, entry.title]));
  const targetOf = (entry: { productId: string; field: string; locale: string; resourceId: string }) => `${entry.productId}|${entry.field}|${entry.locale}|${entry.resourceId}`;
  // A target the job wrote more than once is reverted when every one of its writes is.
  const revertedTarget = new Map<string, boolean>();
  for (const write of writes) revertedTarget.set(targetOf(write), (revertedTarget.get(targetOf(write)) ?? true) && write.revertedAt !== null);
  return rows.map((row) => {
    const own = writes.filter((write) => write.productId === row.productId);
    return {
      id: row.id,
      productId: row.productId,
      title: titleOf.get(row.productId) ?? null,
      status: itemStatusSchema.parse(row.status),
      attempts: row.attempts,
      error: decodeItemError(row.error),
      costMicros: Number(row.costMicros),
      writes: { written: own.length, reverted: own.filter((write) => write.revertedAt !== null).length },
      proposals: proposals
        .filter((proposal) => proposal.productId === row.productId)
        .map((proposal) => ({
          id: proposal.id,
          field: proposal.field,
          locale: proposal.locale,
          resourceId: proposal.resourceId,
          value: proposal.value,
          warnings: JSON.parse(proposal.warnings) as unknown[],
          status: proposal.status === "applied" && revertedTarget.get(targetOf({ ...proposal, productId: row.productId })) === true ? "reverted" : proposal.status,
        })),
    };
  });
}
