import type { Database } from "~/db/client.server";
import { JobNotFoundError } from "./errors";
import { itemViews } from "./service.server";
import { JOB_ITEMS_PAGE_SIZE, type JobItemView } from "./types";

/**
 * Review helpers the Jobs page needs beyond the job service: the "with warnings" view of a
 * job's items. (A whole job's revert runs in the background: revert.server.ts.)
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
