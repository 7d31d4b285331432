import { z } from "zod";
import table from "./price-table.json";
import type { BackendDefinition } from "./types";

/**
 * Prices are data (price-table.json, dated), costs are integers: micro-USD.
 * Per-1M-token list prices are turned into micro-USD per 1M tokens so a call's
 * cost is an integer product rounded up once.
 */
const priceSchema = z.object({
  input: z.number().nonnegative(),
  cachedInput: z.number().nonnegative(),
  // Anthropic bills writing the prompt cache above the input rate.
  cacheWriteInput: z.number().nonnegative().optional(),
  output: z.number().nonnegative(),
});
const tableSchema = z.object({
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  currency: z.literal("USD"),
  prices: z.record(z.string(), priceSchema),
  freeFamilies: z.array(z.string()),
  freeRegions: z.array(z.string()),
});
const priceTable = tableSchema.parse(table);

export const PRICE_TABLE_DATE = priceTable.asOf;

export interface ModelPrice {
  /** micro-USD per 1M tokens */
  inputMicrosPerMillion: number;
  cachedInputMicrosPerMillion: number;
  cacheWriteInputMicrosPerMillion: number;
  outputMicrosPerMillion: number;
  asOf: string;
}

export interface TokenUsage {
  /** all input tokens, including cached reads and cache writes */
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens?: number;
  outputTokens: number;
}

const toMicros = (usdPerMillion: number) => Math.round(usdPerMillion * 1_000_000);
const FREE: ModelPrice = {
  inputMicrosPerMillion: 0,
  cachedInputMicrosPerMillion: 0,
  cacheWriteInputMicrosPerMillion: 0,
  outputMicrosPerMillion: 0,
  asOf: priceTable.asOf,
};

/** The price of a model, or undefined when the table has none (the cost is then unknown, not zero). */
export function priceFor(backend: Pick<BackendDefinition, "family" | "region">, pricingBackendId: string, modelId: string): ModelPrice | undefined {
  if (priceTable.freeFamilies.includes(backend.family) || priceTable.freeRegions.includes(backend.region)) return FREE;
  const entry = priceTable.prices[`${pricingBackendId}:${modelId}`];
  if (!entry) return undefined;
  return {
    inputMicrosPerMillion: toMicros(entry.input),
    cachedInputMicrosPerMillion: toMicros(entry.cachedInput),
    cacheWriteInputMicrosPerMillion: toMicros(entry.cacheWriteInput ?? entry.input),
    outputMicrosPerMillion: toMicros(entry.output),
    asOf: priceTable.asOf,
  };
}

/** Cost in micro-USD; cached input tokens are a subset of input tokens, billed at the cached rate. */
export function costMicros(price: ModelPrice, usage: TokenUsage): number {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const written = Math.min(usage.cacheWriteInputTokens ?? 0, usage.inputTokens - cached);
  const uncached = usage.inputTokens - cached - written;
  const total =
    uncached * price.inputMicrosPerMillion +
    cached * price.cachedInputMicrosPerMillion +
    written * price.cacheWriteInputMicrosPerMillion +
    usage.outputTokens * price.outputMicrosPerMillion;
  return Math.ceil(total / 1_000_000);
}
