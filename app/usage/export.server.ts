import { pipeline, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { Database } from "~/db/client.server";
import { neutraliseFormula } from "~/jobs/export.server";
import { logger } from "~/observability/logger.server";
import { ledgerRows } from "./summary.server";
import { usageKindOf } from "./types";

/** The ledger as CSV, one row per call (every attempt), as stored: costs in integer micro-USD, empty when unpriced. */
export const LEDGER_CSV_COLUMNS = [
  "id",
  "created_at",
  "backend_id",
  "model_id",
  "kind",
  "purpose",
  "job_id",
  "product_id",
  "outcome",
  "error_message",
  "fallback_from",
  "attempt",
  "input_tokens",
  "cached_input_tokens",
  "cache_write_input_tokens",
  "output_tokens",
  "cost_micro_usd",
  "price_table_date",
  "latency_ms",
] as const;
export type LedgerCsvRow = Record<(typeof LEDGER_CSV_COLUMNS)[number], string>;

async function* csvRows(database: Database, shop: string, month: string): AsyncGenerator<LedgerCsvRow> {
  for await (const row of ledgerRows(database, shop, month)) {
    yield {
      id: row.id,
      created_at: row.createdAt.toISOString(),
      backend_id: row.backendId,
      model_id: row.modelId,
      kind: usageKindOf(row),
      purpose: row.purpose,
      job_id: row.jobId ?? "",
      product_id: row.productId ?? "",
      outcome: row.outcome,
      error_message: row.errorMessage ?? "",
      fallback_from: row.fallbackFrom ?? "",
      attempt: String(row.attempt),
      input_tokens: String(row.inputTokens),
      cached_input_tokens: String(row.cachedInputTokens),
      cache_write_input_tokens: String(row.cacheWriteInputTokens),
      output_tokens: String(row.outputTokens),
      cost_micro_usd: row.costMicros === null ? "" : row.costMicros.toString(),
      price_table_date: row.priceTableDate,
      latency_ms: String(row.latencyMs),
    };
  }
}

/** The month's ledger as a web stream of CSV (UTF-8 with a BOM), read a page at a time with back-pressure. */
export function ledgerCsvStream(database: Database, shop: string, month: string): ReadableStream<Uint8Array> {
  const csv = stringify({ header: true, columns: [...LEDGER_CSV_COLUMNS], bom: true, cast: { string: neutraliseFormula } });
  pipeline(Readable.from(csvRows(database, shop, month)), csv, (error) => {
    if (error) logger.error({ error: error.message, shop, month }, "usage CSV export failed");
  });
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}
