import type { Prisma } from "@prisma/client";
import type { Database } from "~/db/client.server";
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

export async function recordUsage(database: Pick<Database, "usageLedger">, entry: LedgerEntry): Promise<void> {
  await database.usageLedger.create({
    data: { ...entry, costMicros: entry.costMicros === null ? null : BigInt(entry.costMicros) },
  });
}

/** The ledger row and `alongside` (another write that must stand or fall with it) in one transaction. */
export async function recordUsageWith(database: Database, entry: LedgerEntry, alongside: (tx: Prisma.TransactionClient) => Promise<void>): Promise<void> {
  await database.$transaction(async (tx) => {
    await recordUsage(tx, entry);
    await alongside(tx);
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
