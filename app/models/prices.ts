import { z } from "zod";
import table from "./price-table.json";
import type { BackendDefinition } from "./types";

/**
 * Prices are data (price-table.json): one row per pinned model id, each with the
 * provider page it was checked against and the date. Every figure is an integer
 * micro-USD per 1M tokens, so a call's cost is an integer sum rounded up once.
 * A row without a price (no source found) leaves the model unpriced: its cost is
 * unknown, never guessed. See docs/decisions/0009-price-table-sources.md.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const micros = z.number().int().nonnegative().max(1_000_000_000);
const ratesSchema = z
  .object({
    input: micros,
    /** cache reads; null = no separate rate, billed as input */
    cachedInput: micros.nullable(),
    /** cache writes (Anthropic, OpenAI's newest models); null = billed as input */
    cacheWrite: micros.nullable(),
    output: micros,
  })
  .strict();
const rowSchema = z
  .object({
    price: ratesSchema.nullable(),
    /** rates for the whole request once the prompt exceeds aboveInputTokens */
    longPrompt: ratesSchema.extend({ aboveInputTokens: z.number().int().positive() }).strict().nullable(),
    batchDiscountPercent: z.number().int().min(1).max(100).nullable(),
    source: z.url().nullable(),
    checked: isoDate,
    note: z.string().min(1),
  })
  .strict()
  .refine((row) => row.price !== null || row.source === null, { message: "a priced row needs its source" })
  .refine((row) => row.price === null || row.source !== null, { message: "a row without a source cannot carry a price" })
  .refine((row) => row.longPrompt === null || row.price !== null, { message: "longPrompt needs a base price" });
const modelKey = z
  .string()
  .regex(/^[a-z0-9-]+:\S+$/, "backend:model")
  .refine((key) => !/-latest$|:latest$/.test(key), { message: "key a pinned model id, not a moving -latest alias" });
export const priceTableSchema = z
  .object({
    asOf: isoDate,
    currency: z.literal("USD"),
    unit: z.string(),
    note: z.string(),
    prices: z.record(modelKey, rowSchema),
    withdrawn: z.array(z.object({ id: z.string(), shutdown: isoDate, source: z.url() }).strict()),
    freeFamilies: z.array(z.string()),
    freeRegions: z.array(z.string()),
  })
  .strict()
  .refine((parsed) => parsed.withdrawn.every((entry) => !(entry.id in parsed.prices)), { message: "a withdrawn model cannot keep a row" })
  .refine((parsed) => Object.values(parsed.prices).every((row) => row.checked <= parsed.asOf), { message: "a row cannot be checked after the table date" });
export type PriceTable = z.infer<typeof priceTableSchema>;

const priceTable = priceTableSchema.parse(table);

/** The date of the table as a whole: the last time every row was re-checked. */
export const PRICE_TABLE_DATE = priceTable.asOf;

interface Rates {
  /** micro-USD per 1M tokens */
  inputMicrosPerMillion: number;
  cachedInputMicrosPerMillion: number;
  cacheWriteInputMicrosPerMillion: number;
  outputMicrosPerMillion: number;
}

export interface ModelPrice extends Rates {
  /** Rates for the whole request once the prompt has more input tokens than aboveInputTokens. */
  longPrompt?: Rates & { aboveInputTokens: number };
  /** Percent off on the provider's Batch API, or null where there is none. */
  batchDiscountPercent: number | null;
  /** The date this price was checked against its source; the ledger stores it beside the cost. */
  asOf: string;
}

export interface TokenUsage {
  /** all input tokens, including cached reads and cache writes */
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens?: number;
  outputTokens: number;
}

function rates(entry: z.infer<typeof ratesSchema>): Rates {
  return {
    inputMicrosPerMillion: entry.input,
    cachedInputMicrosPerMillion: entry.cachedInput ?? entry.input,
    cacheWriteInputMicrosPerMillion: entry.cacheWrite ?? entry.input,
    outputMicrosPerMillion: entry.output,
  };
}

const FREE: ModelPrice = {
  inputMicrosPerMillion: 0,
  cachedInputMicrosPerMillion: 0,
  cacheWriteInputMicrosPerMillion: 0,
  outputMicrosPerMillion: 0,
  batchDiscountPercent: null,
  asOf: priceTable.asOf,
};

function isFree(backend: Pick<BackendDefinition, "family" | "region">): boolean {
  return priceTable.freeFamilies.includes(backend.family) || priceTable.freeRegions.includes(backend.region);
}

/** The price of a model, or undefined when the table has none (the cost is then unknown, not zero). */
export function priceFor(backend: Pick<BackendDefinition, "family" | "region">, pricingBackendId: string, modelId: string): ModelPrice | undefined {
  if (isFree(backend)) return FREE;
  const row = priceTable.prices[`${pricingBackendId}:${modelId}`];
  if (!row?.price) return undefined;
  return {
    ...rates(row.price),
    ...(row.longPrompt ? { longPrompt: { ...rates(row.longPrompt), aboveInputTokens: row.longPrompt.aboveInputTokens } } : {}),
    batchDiscountPercent: row.batchDiscountPercent,
    asOf: row.checked,
  };
}

/**
 * Cost in micro-USD, in integer arithmetic: cached input tokens are a subset of
 * input tokens, billed at the cached rate; the sum is rounded up once.
 */
export function costMicros(price: ModelPrice, usage: TokenUsage): number {
  const applied: Rates = price.longPrompt && usage.inputTokens > price.longPrompt.aboveInputTokens ? price.longPrompt : price;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const written = Math.min(usage.cacheWriteInputTokens ?? 0, usage.inputTokens - cached);
  const uncached = usage.inputTokens - cached - written;
  const total =
    BigInt(uncached) * BigInt(applied.inputMicrosPerMillion) +
    BigInt(cached) * BigInt(applied.cachedInputMicrosPerMillion) +
    BigInt(written) * BigInt(applied.cacheWriteInputMicrosPerMillion) +
    BigInt(usage.outputTokens) * BigInt(applied.outputMicrosPerMillion);
  return Number((total + 999_999n) / 1_000_000n);
}

/**
 * The model ids Settings suggests for a backend: the table's rows for it, in
 * table order (priced and unpriced alike, so a merchant can still pick a model
 * whose cost we could not source). Free backends keep their own lists.
 */
export function suggestedModelsFor(pricingBackendId: string): string[] {
  const prefix = `${pricingBackendId}:`;
  return Object.keys(priceTable.prices)
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length));
}

/** Rows as read, for tests and the decision record's table. */
export function priceRows(): Readonly<PriceTable["prices"]> {
  return priceTable.prices;
}

export function withdrawnModels(): Readonly<PriceTable["withdrawn"]> {
  return priceTable.withdrawn;
}
