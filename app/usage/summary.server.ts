import type { Database } from "~/db/client.server";
import { loadModelSettings } from "~/models/settings.server";
import { PROJECTION_MIN_DAYS, usageKindOf, type SpendLine, type UsageKind, type UsageSummary } from "./types";

/** Rows read per page: a month of a 100,000-product job is read in pages, never all at once. */
const PAGE_SIZE = 2000;
/** The jobs listed on the page: the costliest ones. */
export const TOP_JOBS = 20;

/** The month's bounds in UTC: [start, end). */
export function monthRange(month: string): { start: Date; end: Date } {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  return { start: new Date(Date.UTC(year, monthNumber - 1, 1)), end: new Date(Date.UTC(year, monthNumber, 1)) };
}

export const monthOf = (date: Date) => date.toISOString().slice(0, 7);

const emptyLine = (): SpendLine => ({ spendMicros: 0, calls: 0, errors: 0, unpriced: 0 });

function add(line: SpendLine, row: { costMicros: bigint | null; outcome: string }) {
  line.calls += 1;
  if (row.outcome !== "ok") line.errors += 1;
  if (row.costMicros === null) line.unpriced += 1;
  else line.spendMicros += Number(row.costMicros);
}

function lineOf<K>(map: Map<K, SpendLine>, key: K): SpendLine {
  let line = map.get(key);
  if (!line) map.set(key, (line = emptyLine()));
  return line;
}

const bySpend = (a: SpendLine, b: SpendLine) => b.spendMicros - a.spendMicros || b.calls - a.calls;

/** Every ledger row of the shop in the month, a page at a time, oldest first. */
export async function* ledgerRows(database: Database, shop: string, month: string) {
  const { start, end } = monthRange(month);
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await database.usageLedger.findMany({
      where: {
        shop,
        createdAt: { gte: start, lt: end },
        ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: PAGE_SIZE,
    });
    yield* rows;
    if (rows.length < PAGE_SIZE) return;
    const last = rows.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

/** The month's spend from the ledger, summed per day, backend, model, job and kind; a projection when it is this month. */
export async function usageSummary(database: Database, shop: string, month: string, now: Date): Promise<UsageSummary> {
  const { start, end } = monthRange(month);
  const isCurrentMonth = monthOf(now) === month;
  const total = { ...emptyLine(), inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
  const days = new Map<string, Record<string, number>>();
  const backends = new Map<string, SpendLine>();
  const models = new Map<string, SpendLine>();
  const jobs = new Map<string, SpendLine>();
  const kinds = new Map<UsageKind, SpendLine>();
  const products = new Set<string>();
  let productSpend = 0;
  const fallbacks = new Map<string, number>();
  const failures = new Map<string, Record<string, number>>();

  for await (const row of ledgerRows(database, shop, month)) {
    add(total, row);
    total.inputTokens += row.inputTokens;
    total.cachedInputTokens += row.cachedInputTokens;
    total.outputTokens += row.outputTokens;
    const cost = row.costMicros === null ? 0 : Number(row.costMicros);
    const day = row.createdAt.toISOString().slice(0, 10);
    const dayLine = days.get(day) ?? {};
    dayLine[row.backendId] = (dayLine[row.backendId] ?? 0) + cost;
    days.set(day, dayLine);
    add(lineOf(backends, row.backendId), row);
    add(lineOf(models, `${row.backendId}\u0000${row.modelId}`), row);
    if (row.jobId) add(lineOf(jobs, row.jobId), row);
    add(lineOf(kinds, usageKindOf(row)), row);
    if (row.productId) {
      productSpend += cost;
      if (row.outcome === "ok") products.add(row.productId);
    }
    if (row.fallbackFrom && row.outcome === "ok") fallbacks.set(row.fallbackFrom, (fallbacks.get(row.fallbackFrom) ?? 0) + 1);
    if (row.outcome !== "ok") {
      const reasons = failures.get(row.backendId) ?? {};
      reasons[row.outcome] = (reasons[row.outcome] ?? 0) + 1;
      failures.set(row.backendId, reasons);
    }
  }

  const daysInMonth = Math.round((end.getTime() - start.getTime()) / 86_400_000);
  const elapsedMs = Math.min(Math.max(now.getTime() - start.getTime(), 0), end.getTime() - start.getTime());
  const settings = await loadModelSettings(database, shop);
  // This month's spend so far, at the pace of the days gone by, to the month's end; a month that is over is what it is,
  // and the first days' pace is not a month's (one day with one big job would project thirty of them).
  const paceDays = Math.floor(elapsedMs / 86_400_000);
  const projection = !isCurrentMonth ? "month_over" : paceDays < PROJECTION_MIN_DAYS ? "too_early" : "projected";
  const projectedMicros = projection === "projected" ? Math.round((total.spendMicros * (end.getTime() - start.getTime())) / elapsedMs) : null;

  return {
    month,
    isCurrentMonth,
    daysInMonth,
    daysElapsed: Math.ceil(elapsedMs / 86_400_000),
    total,
    byDay: [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, perBackend]) => ({ day, backends: perBackend })),
    byBackend: [...backends].map(([backendId, line]) => ({ backendId, ...line })).sort(bySpend),
    byModel: [...models]
      .map(([key, line]) => {
        const [backendId, modelId] = key.split("\u0000") as [string, string];
        return { backendId, modelId, ...line };
      })
      .sort(bySpend),
    byJob: [...jobs].map(([jobId, line]) => ({ jobId, ...line })).sort(bySpend).slice(0, TOP_JOBS),
    byKind: [...kinds].map(([kind, line]) => ({ kind, ...line })).sort(bySpend),
    products: { count: products.size, spendMicros: productSpend },
    fallbacks: [...fallbacks].map(([fromBackendId, count]) => ({ fromBackendId, count, reasons: failures.get(fromBackendId) ?? {} })).sort((a, b) => b.count - a.count),
    budget: { capMicros: settings.monthlyBudgetMicros, projectedMicros, projection, paceDays },
  };
}

/** The months the page offers: this one and the eleven before it, plus the one asked for if older; newest first. */
export function pickableMonths(now: Date, asked: string): string[] {
  const months = Array.from({ length: 12 }, (_, back) => monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))));
  return months.includes(asked) ? months : [...months, asked].sort().reverse();
}
