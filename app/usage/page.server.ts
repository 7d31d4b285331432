import type { Database } from "~/db/client.server";
import type { BackendWording } from "~/i18n/backend-text";
import { configuredDataFlows } from "~/models/data-flow.server";
import { recentUsage } from "~/models/ledger.server";
import { modelRegistry } from "~/models/runtime.server";
import { pickableMonths, usageSummary } from "./summary.server";

/**
 * Everything the Usage page shows: the month's spend from the ledger, the latest calls with their
 * outcome, where each configured backend sends product data, and the words for backends and jobs
 * (the page never shows a raw id).
 */
export async function loadUsagePage(database: Database, shop: string, month: string, now: Date) {
  const [summary, recent] = await Promise.all([usageSummary(database, shop, month, now), recentUsage(database, shop)]);
  // The backends set up, and any other this month's calls went to (a comparison runs backends set nowhere else).
  const dataFlows = await configuredDataFlows(
    database,
    shop,
    summary.byBackend.map((line) => line.backendId),
  );
  const jobs = await database.job.findMany({ where: { shop, id: { in: summary.byJob.map((line) => line.jobId) } }, select: { id: true, createdAt: true } });
  // Every backend the registry knows, worded on the page; a ledger row of one since removed is worded as such.
  const backendWordings: BackendWording[] = modelRegistry()
    .list()
    .map((backend) => ({ id: backend.id, operator: backend.operator ?? null }));
  return {
    summary,
    months: pickableMonths(now, month),
    recent,
    dataFlows,
    backendWordings,
    jobCreatedAt: Object.fromEntries(jobs.map((job) => [job.id, job.createdAt.toISOString()])) as Record<string, string>,
  };
}
