import type { AdminGraphql } from "~/catalog/admin-client.server";
import { refreshIndexedProduct } from "~/catalog/catalog-index.server";
import { revertJob } from "~/copy/apply.server";
import type { Database } from "~/db/client.server";
import { JobNotFoundError } from "./errors";
import { itemViews } from "./service.server";
import { JOB_ITEMS_PAGE_SIZE, type JobItemView } from "./types";

/**
 * Review helpers the Jobs page needs beyond the job service: the "with warnings" view of a
 * job's items, and a whole job's writes put back through the revision store.
 */

async function requireJob(database: Database, shop: string, jobId: string) {
  const job = await database.job.findFirst({ where: { id: jobId, shop }, select: { id: true, createdAt: true } });
  if (!job) throw new JobNotFoundError(jobId);
  return job;
}

/** One page of the job's items that have a proposal with warnings still to review, with their proposals. */
export async function jobItemsWithWarnings(database: Database, shop: string, jobId: string, page: number): Promise<{ items: JobItemView[]; total: number }> {
  await requireJob(database, shop, jobId);
  const where = { shop, jobId, status: { in: ["pending", "approved"] }, NOT: { warnings: "[]" } };
  const [withWarnings, totalRows] = await Promise.all([
    database.proposal.findMany({ where, select: { productId: true }, distinct: ["productId"], orderBy: { productId: "asc" }, skip: (page - 1) * JOB_ITEMS_PAGE_SIZE, take: JOB_ITEMS_PAGE_SIZE }),
    database.proposal.findMany({ where, select: { productId: true }, distinct: ["productId"] }),
  ]);
  const productIds = withWarnings.map((row) => row.productId);
  const rows = await database.jobItem.findMany({ where: { shop, jobId, productId: { in: productIds } }, orderBy: { productId: "asc" } });
  return { total: totalRows.length, items: await itemViews(database, shop, jobId, rows) };
}

export interface JobRevertReport {
  reverted: number;
  /** fields changed since the job wrote them: left as they are */
  conflicts: number;
  /** values that could not be put back now (Shopify refused, or another revert of them is under way) */
  failed: number;
}

/**
 * Reverts a whole job through the revision store (`revertJob`: every value the job wrote,
 * batched per product, a field changed since is reported and left alone), then marks the
 * job's proposals so the page shows what happened to each, and refreshes the index.
 */
export async function revertJobWrites(admin: AdminGraphql, database: Database, input: { shop: string; jobId: string; actor: string }): Promise<JobRevertReport> {
  const { shop, jobId } = input;
  await requireJob(database, shop, jobId);
  const results = await revertJob(admin, database, input);
  const report: JobRevertReport = { reverted: 0, conflicts: 0, failed: 0 };
  const touched = new Set<string>();
  for (const result of results) {
    const status = result.status === "reverted" ? "reverted" : result.status === "changed_since" ? "revert_conflict" : undefined;
    if (result.status === "reverted") report.reverted += 1;
    else if (result.status === "changed_since") report.conflicts += 1;
    else report.failed += 1;
    if (result.status === "reverted") touched.add(result.productId);
    if (status) {
      await database.proposal.updateMany({
        where: { shop, jobId, productId: result.productId, field: result.field, locale: result.locale, resourceId: result.resourceId, status: "applied" },
        data: { status },
      });
    }
  }
  for (const productId of touched) await refreshIndexedProduct(admin, database, shop, productId).catch(() => undefined);
  return report;
}
