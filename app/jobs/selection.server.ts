import { catalogFilterWhere } from "~/catalog/catalog-filter";
import type { Database } from "~/db/client.server";
import type { JobSelection } from "./types";

/**
 * Resolving a selection into products, page by page: a list of ids (bounded by the
 * schema), a filter over the shop's WHOLE catalog index (the Products page's filter
 * model, without its page), or every indexed product. Nothing holds the whole
 * selection: a 100,000-product job is read and written in pages.
 */
export const SELECTION_PAGE_SIZE = 1_000;

function indexWhere(shop: string, selection: Exclude<JobSelection, { kind: "ids" }>) {
  return selection.kind === "filter" ? catalogFilterWhere(shop, { ...selection.filter, page: 1 }) : { shop };
}

/** How many products the selection names (a list counts its distinct ids). */
export async function countSelection(database: Database, shop: string, selection: JobSelection): Promise<number> {
  if (selection.kind === "ids") return new Set(selection.ids).size;
  return database.catalogProduct.count({ where: indexWhere(shop, selection) });
}

/** The selection's product ids, a page at a time, in a stable order (keyset paging on productId). */
export async function* selectionPages(database: Database, shop: string, selection: JobSelection, pageSize = SELECTION_PAGE_SIZE): AsyncGenerator<string[]> {
  if (selection.kind === "ids") {
    const ids = [...new Set(selection.ids)];
    for (let start = 0; start < ids.length; start += pageSize) yield ids.slice(start, start + pageSize);
    return;
  }
  const where = indexWhere(shop, selection);
  let after: string | undefined;
  for (;;) {
    const rows = await database.catalogProduct.findMany({
      where: { ...where, ...(after ? { productId: { gt: after } } : {}) },
      select: { productId: true },
      orderBy: { productId: "asc" },
      take: pageSize,
    });
    if (rows.length === 0) return;
    yield rows.map((row) => row.productId);
    after = rows.at(-1)!.productId;
    if (rows.length < pageSize) return;
  }
}

/** The first few products of a selection, to measure prompt sizes from real data. */
export async function sampleSelection(database: Database, shop: string, selection: JobSelection, size: number): Promise<string[]> {
  for await (const page of selectionPages(database, shop, selection, size)) return page;
  return [];
}

/** Creates one queued item per selected product, a page per createMany; returns how many. */
export async function createItems(database: Database, shop: string, jobId: string, selection: JobSelection): Promise<number> {
  let total = 0;
  for await (const page of selectionPages(database, shop, selection)) {
    const created = await database.jobItem.createMany({ data: page.map((productId) => ({ jobId, shop, productId })) });
    total += created.count;
  }
  return total;
}
