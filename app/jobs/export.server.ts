import { pipeline, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { Database } from "~/db/client.server";
import { logger } from "~/observability/logger.server";
import { JobNotFoundError } from "./errors";
import { decodeItemError } from "./state.server";

/**
 * A job's results as CSV: one row per proposal (or one per item without proposals), read a
 * page of items at a time and streamed, so a 100,000-product job is never held in memory.
 */
export const CSV_COLUMNS = ["product_id", "product_title", "item_status", "item_error", "field", "locale", "image_id", "proposal_status", "value", "warnings"] as const;
type Row = Record<(typeof CSV_COLUMNS)[number], string>;

const EXPORT_PAGE_SIZE = 500;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return, which
 * some strip first) as a formula: such cells are prefixed with a quote to stay text.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

async function* exportRows(database: Database, shop: string, jobId: string): AsyncGenerator<Row> {
  let after: string | undefined;
  for (;;) {
    const items = await database.jobItem.findMany({
      where: { shop, jobId, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: EXPORT_PAGE_SIZE,
      select: { id: true, productId: true, status: true, error: true },
    });
    if (items.length === 0) return;
    const productIds = items.map((item) => item.productId);
    const [proposals, titles] = await Promise.all([
      database.proposal.findMany({ where: { shop, jobId, productId: { in: productIds }, status: { not: "superseded" } }, orderBy: { createdAt: "asc" } }),
      database.catalogProduct.findMany({ where: { shop, productId: { in: productIds } }, select: { productId: true, title: true } }),
    ]);
    const titleOf = new Map(titles.map((entry) => [entry.productId, entry.title]));
    for (const item of items) {
      const base = { product_id: item.productId, product_title: titleOf.get(item.productId) ?? "", item_status: item.status, item_error: decodeItemError(item.error)?.code ?? "" };
      const own = proposals.filter((proposal) => proposal.productId === item.productId);
      if (own.length === 0) yield { ...base, field: "", locale: "", image_id: "", proposal_status: "", value: "", warnings: "" };
      for (const proposal of own) {
        const warnings = (JSON.parse(proposal.warnings) as Array<{ code?: unknown }>).map((warning) => String(warning.code ?? "")).filter(Boolean);
        yield { ...base, field: proposal.field, locale: proposal.locale, image_id: proposal.resourceId, proposal_status: proposal.status, value: proposal.value, warnings: warnings.join(" ") };
      }
    }
    after = items.at(-1)!.id;
    if (items.length < EXPORT_PAGE_SIZE) return;
  }
}

/** The CSV as a web stream (UTF-8 with a BOM so spreadsheets read accents right); a job of another shop is not found. */
export async function jobCsvStream(database: Database, shop: string, jobId: string): Promise<ReadableStream<Uint8Array>> {
  const job = await database.job.findFirst({ where: { id: jobId, shop }, select: { id: true } });
  if (!job) throw new JobNotFoundError(jobId);
  const csv = stringify({ header: true, columns: [...CSV_COLUMNS], bom: true, cast: { string: neutraliseFormula } });
  // The pipeline pauses the generator while the client is slow (back-pressure down to the database
  // reads), and a failed read destroys the stream, so the download ends in an error rather than hanging.
  pipeline(Readable.from(exportRows(database, shop, jobId)), csv, (error) => {
    if (error) logger.error({ error: error.message, shop, jobId }, "job CSV export failed");
  });
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}
