import type { Prisma } from "@prisma/client";
import type { Database } from "~/db/client.server";
import { JOB_ACTIVE_STATUSES } from "~/jobs/types";
import { recordUsage, startOfMonthUtc, type LedgerEntry } from "./ledger.server";

/**
 * Budget holds (ADR 0015): a paid call takes one, worth its worst-case cost, before it
 * reaches a provider, in the same transaction that checks the budget; the hold is settled
 * into the ledger when the call ends, or released when it fails or is cancelled. Checks
 * take turns (one lock row; SQLite's IMMEDIATE transactions serialise them anyway), and
 * every check counts what the others hold, so concurrent jobs and single-product runs
 * overshoot a monthly budget by at most the one call whose actual cost beat its estimate.
 *
 * What a check counts against a cap, per scope (one shop for its budget, every shop for
 * the operator's cap): this month's ledger spend; for each active bulk job, the larger of
 * its reservation not yet spent and its open holds (its calls draw on its reservation
 * first, so they are not counted twice); and every other open hold.
 */

/** How long a hold outlives its call's timeout before it stops counting (its process is presumed dead). */
export const BUDGET_HOLD_GRACE_MS = 30_000;
/** The call timeout a hold's expiry is based on when a request names none (generateStructured's default). */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;
/** The lock row every hold is taken under. */
const BUDGET_LOCK_KEY = "budget";
/** Hold transactions wait their turn behind the others: up to this long for a connection and to finish. */
const HOLD_TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;

type Tx = Prisma.TransactionClient;

export interface HoldCaps {
  /** the shop's monthly budget, micro-USD; null when none */
  shopBudgetMicros: number | null;
  /** the operator's monthly cap across every shop, micro-USD; null when none */
  operatorCapMicros: number | null;
}

export interface HoldRequest {
  shop: string;
  /** the bulk job the call belongs to, whose reservation it draws on first */
  jobId?: string;
  /** the call's worst-case cost, micro-USD */
  micros: number;
  now: Date;
  /** the call's timeout: the hold expires this long (plus a grace) after it is taken */
  callTimeoutMs?: number;
}

export type HoldOutcome =
  | { ok: true; holdId: string }
  /** the cap the call does not fit under, and what is left of it (spent, reserved and held counted) */
  | { ok: false; scope: "shop" | "operator"; leftMicros: number; committedMicros: number; capMicros: number };

/** A scope's committed micro-USD with the calling job's share split out. */
interface Commitment {
  /** this month's ledger spend */
  spent: number;
  /** spend this month + every job's outstanding claim + holds outside jobs */
  committed: number;
  /** the calling job's outstanding claim (0 without a job) */
  ownOutstanding: number;
  /** the calling job's reservation not yet spent, and its open holds */
  ownAvailable: number;
  ownHeld: number;
}

async function commitment(tx: Tx, scope: { shop?: string }, jobId: string | undefined, now: Date): Promise<Commitment> {
  const shopWhere = scope.shop ? { shop: scope.shop } : {};
  const [spent, jobs, holds] = await Promise.all([
    tx.usageLedger.aggregate({ where: { ...shopWhere, createdAt: { gte: startOfMonthUtc(now) } }, _sum: { costMicros: true } }),
    tx.job.findMany({ where: { ...shopWhere, status: { in: [...JOB_ACTIVE_STATUSES] } }, select: { id: true, reservedMicros: true, spentMicros: true } }),
    tx.budgetHold.findMany({ where: { ...shopWhere, expiresAt: { gt: now } }, select: { jobId: true, micros: true } }),
  ]);
  // A job's ledger spend not yet settled into Job.spentMicros (its item still running, or lost to a crash) already
  // left its reservation: it is in this month's spend.
  const ledgerByJob = jobs.length === 0 ? [] : await tx.usageLedger.groupBy({ by: ["jobId"], where: { jobId: { in: jobs.map((job) => job.id) } }, _sum: { costMicros: true } });
  const ledgerSpent = new Map(ledgerByJob.map((row) => [row.jobId, Number(row._sum.costMicros ?? 0n)]));
  const heldByJob = new Map<string, number>();
  let looseHeld = 0;
  const active = new Set(jobs.map((job) => job.id));
  for (const hold of holds) {
    if (hold.jobId && active.has(hold.jobId)) heldByJob.set(hold.jobId, (heldByJob.get(hold.jobId) ?? 0) + Number(hold.micros));
    else looseHeld += Number(hold.micros);
  }
  const spentMicros = Number(spent._sum.costMicros ?? 0n);
  let committed = spentMicros + looseHeld;
  let own = { ownOutstanding: 0, ownAvailable: 0, ownHeld: 0 };
  for (const job of jobs) {
    const unsettled = Math.max(0, (ledgerSpent.get(job.id) ?? 0) - Number(job.spentMicros));
    const available = Math.max(0, Number(job.reservedMicros) - unsettled);
    const held = heldByJob.get(job.id) ?? 0;
    const outstanding = Math.max(available, held);
    committed += outstanding;
    if (job.id === jobId) own = { ownOutstanding: outstanding, ownAvailable: available, ownHeld: held };
  }
  return { spent: spentMicros, committed, ...own };
}

/** Whether `micros` more fits under `cap` in a scope; what is left otherwise. */
function fits(state: Commitment, micros: number, cap: number): { ok: true } | { ok: false; left: number } {
  // The calling job's new claim: its holds plus this one, or its reservation if that is larger (drawn on first).
  const ownAfter = Math.max(state.ownAvailable, state.ownHeld + micros);
  const after = state.committed - state.ownOutstanding + ownAfter;
  if (after <= cap) return { ok: true };
  const headroom = Math.max(0, state.ownAvailable - state.ownHeld);
  return { ok: false, left: Math.max(0, cap - state.committed) + headroom };
}

/** Takes the lock row: PostgreSQL holds its row lock until this transaction ends. */
async function takeTurn(tx: Tx, now: Date) {
  await tx.budgetLock.upsert({ where: { key: BUDGET_LOCK_KEY }, create: { key: BUDGET_LOCK_KEY, touchedAt: now }, update: { touchedAt: now } });
}

/** This month's spend, and what bulk jobs (one excepted) and calls in flight have committed beyond it. */
export interface BudgetCommitment {
  spentMicros: number;
  committedByOthersMicros: number;
}

/**
 * The budget as a job's start or resume sees it, read under the same lock as the holds: the shop's
 * and every shop's spend this month, plus every other job's outstanding reservation and every open
 * hold. `exceptJobId` is the job being checked (its own reservation is what is being decided).
 */
export async function budgetCommitments(database: Database, shop: string, now: Date, exceptJobId?: string): Promise<{ shop: BudgetCommitment; all: BudgetCommitment }> {
  return database.$transaction(async (tx) => {
    await takeTurn(tx, now);
    const view = (state: Commitment): BudgetCommitment => ({ spentMicros: state.spent, committedByOthersMicros: state.committed - state.spent - state.ownOutstanding });
    return { shop: view(await commitment(tx, { shop }, exceptJobId, now)), all: view(await commitment(tx, {}, exceptJobId, now)) };
  }, HOLD_TRANSACTION_OPTIONS);
}

/** Checks the caps and, if the call fits under both, inserts its hold — atomically. */
export async function takeBudgetHold(database: Database, caps: HoldCaps, request: HoldRequest): Promise<HoldOutcome> {
  const { now } = request;
  return database.$transaction(async (tx) => {
    await takeTurn(tx, now);
    await tx.budgetHold.deleteMany({ where: { expiresAt: { lte: now } } });
    if (caps.shopBudgetMicros !== null) {
      const state = await commitment(tx, { shop: request.shop }, request.jobId, now);
      const verdict = fits(state, request.micros, caps.shopBudgetMicros);
      if (!verdict.ok) return { ok: false, scope: "shop", leftMicros: verdict.left, committedMicros: state.committed, capMicros: caps.shopBudgetMicros } as const;
    }
    if (caps.operatorCapMicros !== null) {
      const state = await commitment(tx, {}, request.jobId, now);
      const verdict = fits(state, request.micros, caps.operatorCapMicros);
      if (!verdict.ok) return { ok: false, scope: "operator", leftMicros: verdict.left, committedMicros: state.committed, capMicros: caps.operatorCapMicros } as const;
    }
    const expiresAt = new Date(now.getTime() + (request.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS) + BUDGET_HOLD_GRACE_MS);
    const hold = await tx.budgetHold.create({
      data: { shop: request.shop, ...(request.jobId ? { jobId: request.jobId } : {}), micros: BigInt(request.micros), expiresAt },
      select: { id: true },
    });
    return { ok: true, holdId: hold.id } as const;
  }, HOLD_TRANSACTION_OPTIONS);
}

/**
 * Keeps a hold counting for another call timeout from `now` (a call that waited for its pacing turn).
 * False when it had already expired and was swept: the caller must take a new one.
 */
export async function renewBudgetHold(database: Database, holdId: string, now: Date, callTimeoutMs = DEFAULT_CALL_TIMEOUT_MS): Promise<boolean> {
  const { count } = await database.budgetHold.updateMany({
    where: { id: holdId, expiresAt: { gt: now } },
    data: { expiresAt: new Date(now.getTime() + callTimeoutMs + BUDGET_HOLD_GRACE_MS) },
  });
  return count === 1;
}

/** The call ended: its ledger row replaces its hold, in one transaction (never counted twice, never dropped). */
export async function settleBudgetHold(database: Database, holdId: string, entry: LedgerEntry & { jobId?: string }, alongside?: (tx: Tx) => Promise<void>): Promise<void> {
  await database.$transaction(async (tx) => {
    await tx.budgetHold.deleteMany({ where: { id: holdId } });
    await recordUsage(tx, entry);
    await alongside?.(tx);
  }, HOLD_TRANSACTION_OPTIONS);
}

/** The call failed before costing anything, or was cancelled: its hold stops counting. */
export async function releaseBudgetHold(database: Database, holdId: string): Promise<void> {
  await database.budgetHold.deleteMany({ where: { id: holdId } });
}
