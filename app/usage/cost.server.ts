import type { Database } from "~/db/client.server";
import { usageKindOf, type UsageKind } from "./types";

/** What a set of model calls cost, summed from the usage ledger (the one record of every call). */
export interface LedgerCost {
  /** micro-USD of the priced calls */
  spendMicros: number;
  calls: number;
  /** calls the price table had no price for: their cost is unknown, not zero */
  unpriced: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
}

export const EMPTY_COST: LedgerCost = { spendMicros: 0, calls: 0, unpriced: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };

type Aggregate = {
  _sum: { costMicros: bigint | null; inputTokens: number | null; cachedInputTokens: number | null; outputTokens: number | null };
  _count: { _all: number; costMicros: number };
};

const SUMS = { _sum: { costMicros: true, inputTokens: true, cachedInputTokens: true, outputTokens: true }, _count: { _all: true, costMicros: true } } as const;

function costOf(aggregate: Aggregate): LedgerCost {
  return {
    spendMicros: Number(aggregate._sum.costMicros ?? 0n),
    calls: aggregate._count._all,
    // COUNT(column) counts the rows where it is not null: the priced calls.
    unpriced: aggregate._count._all - aggregate._count.costMicros,
    inputTokens: aggregate._sum.inputTokens ?? 0,
    cachedInputTokens: aggregate._sum.cachedInputTokens ?? 0,
    outputTokens: aggregate._sum.outputTokens ?? 0,
  };
}

/**
 * Each job's cost so far from the ledger, rows still running included: Job.spentMicros only
 * counts items already settled, the ledger counts every call the moment it returns.
 */
export async function jobCosts(database: Database, shop: string, jobIds: readonly string[]): Promise<Record<string, LedgerCost>> {
  if (jobIds.length === 0) return {};
  const groups = await database.usageLedger.groupBy({ by: ["jobId"], where: { shop, jobId: { in: [...jobIds] } }, ...SUMS });
  const costs: Record<string, LedgerCost> = Object.fromEntries(jobIds.map((id) => [id, EMPTY_COST]));
  for (const group of groups) if (group.jobId) costs[group.jobId] = costOf(group);
  return costs;
}

export interface ProductCall {
  id: string;
  at: string;
  backendId: string;
  modelId: string;
  inputTokens: number;
  outputTokens: number;
  costMicros: number | null;
  outcome: string;
  jobId: string | null;
  /** what the call was for: a single product, a bulk job, a comparison, an automation */
  kind: UsageKind;
  /** when the call was part of a bulk job: when the job was created, to name it */
  jobCreatedAt: string | null;
}

/** What generating copy for one product has cost (every call for it, single or bulk), and its latest calls. */
export async function productCost(database: Database, shop: string, productId: string, latest = 5): Promise<{ total: LedgerCost; latest: ProductCall[] }> {
  const where = { shop, productId };
  const [total, rows] = await Promise.all([
    database.usageLedger.aggregate({ where, ...SUMS }),
    database.usageLedger.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: latest }),
  ]);
  const jobIds = [...new Set(rows.flatMap((row) => (row.jobId ? [row.jobId] : [])))];
  const jobs = jobIds.length === 0 ? [] : await database.job.findMany({ where: { shop, id: { in: jobIds } }, select: { id: true, createdAt: true } });
  const jobCreated = new Map(jobs.map((job) => [job.id, job.createdAt.toISOString()]));
  return {
    total: costOf(total),
    latest: rows.map((row) => ({
      id: row.id,
      at: row.createdAt.toISOString(),
      backendId: row.backendId,
      modelId: row.modelId,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      costMicros: row.costMicros === null ? null : Number(row.costMicros),
      outcome: row.outcome,
      jobId: row.jobId,
      kind: usageKindOf(row),
      jobCreatedAt: row.jobId ? (jobCreated.get(row.jobId) ?? null) : null,
    })),
  };
}
