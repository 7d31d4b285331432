import type { AdminGraphql } from "~/catalog/admin-client.server";
import { loadProductSnapshot, type ProductSnapshot } from "~/catalog/product-facts.server";
import { revertAndReindex } from "~/copy/product-workflow.server";
import { copyFieldSchema, type CopyField } from "~/copy/types";
import type { Database } from "~/db/client.server";
import { JobNotFoundError } from "./errors";
import { decodeItemError } from "./state.server";
import { itemStatusSchema, JOB_ITEMS_PAGE_SIZE, type JobItemView } from "./types";

/**
 * Review helpers the Jobs page needs beyond the job service: the "with warnings" view of a
 * job's items, and, until the writes' own `revertJob` lands, a job's writes put back
 * through the revision store one by one.
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
  const [rows, proposals, titles] = await Promise.all([
    database.jobItem.findMany({ where: { shop, jobId, productId: { in: productIds } }, orderBy: { productId: "asc" } }),
    database.proposal.findMany({ where: { shop, jobId, productId: { in: productIds }, status: { notIn: ["superseded"] } }, orderBy: { createdAt: "asc" } }),
    database.catalogProduct.findMany({ where: { shop, productId: { in: productIds } }, select: { productId: true, title: true } }),
  ]);
  return {
    total: totalRows.length,
    items: rows.map((row) => ({
      id: row.id,
      productId: row.productId,
      title: titles.find((entry) => entry.productId === row.productId)?.title ?? null,
      status: itemStatusSchema.parse(row.status),
      attempts: row.attempts,
      error: decodeItemError(row.error),
      costMicros: Number(row.costMicros),
      proposals: proposals
        .filter((proposal) => proposal.productId === row.productId)
        .map((proposal) => ({
          id: proposal.id,
          field: proposal.field,
          locale: proposal.locale,
          resourceId: proposal.resourceId,
          value: proposal.value,
          warnings: JSON.parse(proposal.warnings) as unknown[],
          status: proposal.status,
        })),
    })),
  };
}

function primaryValue(product: ProductSnapshot, field: CopyField, resourceId: string): string {
  if (field === "altText") return product.images.find((image) => image.id === resourceId)?.alt ?? "";
  return { descriptionHtml: product.descriptionHtml, seoTitle: product.seoTitle, metaDescription: product.metaDescription }[field];
}

export interface JobRevertReport {
  reverted: number;
  /** fields changed since the job wrote them: left as they are */
  conflicts: number;
}

/** How many of a job's applied proposals one revert call handles (the page calls again for the rest). */
const REVERT_BATCH = 200;

/**
 * Interim job revert (until the writes' `revertJob`, which keys revisions by job id): each
 * value the job applied is found in the revision store (same product, field, language and
 * image, the applied value, written after the job started, not reverted), and put back
 * unless the field has changed since (primary-language fields are compared with the store;
 * translations are put back as recorded).
 */
export async function revertJobWrites(admin: AdminGraphql, database: Database, input: { shop: string; jobId: string; actor: string }): Promise<JobRevertReport> {
  const { shop, jobId } = input;
  const job = await requireJob(database, shop, jobId);
  const applied = await database.proposal.findMany({ where: { shop, jobId, status: "applied" }, orderBy: { productId: "asc" }, take: REVERT_BATCH });
  const report: JobRevertReport = { reverted: 0, conflicts: 0 };
  const snapshots = new Map<string, ProductSnapshot>();
  for (const proposal of applied) {
    const revision = await database.revision.findFirst({
      where: {
        shop,
        productId: proposal.productId,
        field: proposal.field,
        locale: proposal.locale,
        resourceId: proposal.resourceId,
        newValue: proposal.value,
        revertOfId: null,
        revertedAt: null,
        createdAt: { gte: job.createdAt },
      },
      orderBy: { createdAt: "desc" },
    });
    let conflict = revision === null;
    if (revision) {
      const snapshot = snapshots.get(proposal.productId) ?? (await loadProductSnapshot(admin, proposal.productId));
      snapshots.set(proposal.productId, snapshot);
      const field = copyFieldSchema.parse(proposal.field);
      if (proposal.locale === snapshot.primaryLocale && primaryValue(snapshot, field, proposal.resourceId) !== (revision.newValue ?? "")) conflict = true;
      else {
        await revertAndReindex(admin, database, { shop, revisionId: revision.id, actor: input.actor });
        snapshots.delete(proposal.productId);
        report.reverted += 1;
      }
    }
    if (conflict) report.conflicts += 1;
    // Either way the proposal is settled: it will not be offered for revert again.
    await database.proposal.updateMany({ where: { id: proposal.id, shop, jobId, status: "applied" }, data: { status: conflict ? "revert_conflict" : "reverted" } });
  }
  return report;
}
