import type { Database } from "~/db/client.server";
import { JOB_ACTIVE_STATUSES } from "~/jobs/types";
import type { ModelErrorKind } from "./errors";

export interface LedgerEntry {
  shop: string;
  backendId: string;
  modelId: string;
  purpose: string;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens: number;
  outputTokens: number;
  costMicros: number | null;
  priceTableDate: string;
  latencyMs: number;
  outcome: "ok" | ModelErrorKind;
  errorMessage?: string;
  fallbackFrom?: string;
  attempt: number;
  jobId?: string;
  productId?: string;
}

export async function recordUsage(database: Database, entry: LedgerEntry): Promise<void> {
  await database.usageLedger.create({
    data: { ...entry, costMicros: entry.costMicros === null ? null : BigInt(entry.costMicros) },
  });
}

export function startOfMonthUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** micro-USD spent by the shop since the first of this month (UTC). */
export async function spentThisMonth(database: Database, shop: string, now: Date): Promise<number> {
  const result = await database.usageLedger.aggregate({
    where: { shop, createdAt: { gte: startOfMonthUtc(now) } },
    _sum: { costMicros: true },
  });
  return Number(result._sum.costMicros ?? 0n);
}

/** micro-USD spent by every shop since the first of this month (UTC): the operator's cap. */
export async function spentThisMonthAllShops(database: Database, now: Date): Promise<number> {
  const result = await database.usageLedger.aggregate({
    where: { createdAt: { gte: startOfMonthUtc(now) } },
    _sum: { costMicros: true },
  });
  return Number(result._sum.costMicros ?? 0n);
}

/**
 * micro-USD still reserved by bulk jobs that may run (queued, running, paused, cancelling):
 * a shop's (or every shop's, for the operator's cap), except one job — the caller's own,
 * whose calls are what its reservation is for. A job's reservation shrinks as its items
 * settle, so spend is never counted twice (once in the ledger, once reserved).
 */
export async function reservedByJobs(database: Database, scope: { shop?: string; exceptJobId?: string }): Promise<number> {
  const rows = await database.job.findMany({
    where: { status: { in: [...JOB_ACTIVE_STATUSES] }, ...(scope.shop ? { shop: scope.shop } : {}), ...(scope.exceptJobId ? { NOT: { id: scope.exceptJobId } } : {}) },
    select: { reservedMicros: true },
  });
  return rows.reduce((sum, row) => sum + Math.max(0, Number(row.reservedMicros)), 0);
}

export async function recentUsage(database: Database, shop: string, take = 20) {
  const rows = await database.usageLedger.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take });
  return rows.map((row) => ({
    id: row.id,
    at: row.createdAt.toISOString(),
    backendId: row.backendId,
    modelId: row.modelId,
    purpose: row.purpose,
    inputTokens: row.inputTokens,
    cachedInputTokens: row.cachedInputTokens,
    outputTokens: row.outputTokens,
    costMicros: row.costMicros === null ? null : Number(row.costMicros),
    priceTableDate: row.priceTableDate,
    latencyMs: row.latencyMs,
    outcome: row.outcome,
    fallbackFrom: row.fallbackFrom,
  }));
}
