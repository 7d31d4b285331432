import { z } from "zod";
import { copyFieldSchema, type CopyField, type Issue } from "~/copy/types";
import { jobFilterSchema, productGidSchema } from "~/jobs/types";
import type { BackendWording } from "~/i18n/backend-text";
import { backendIdSchema, modelIdSchema } from "~/models/ids";

/**
 * The compare contract (issue 13): 2–4 backends/models side by side on 1–20 products, each
 * through the single-product pipeline, in parallel across models. What the page posts is
 * parsed here, at the edge; what it shows is typed here.
 */
export const COMPARE_MIN_MODELS = 2;
export const COMPARE_MAX_MODELS = 4;
export const COMPARE_MAX_PRODUCTS = 20;
/** The ledger's purpose for a comparison's calls: the Usage page counts them as the kind "compare". */
export const COMPARE_PURPOSE = "compare";
/** A comparison still "running" with no progress for this long was cut off (its process stopped): it is read as interrupted. */
export const COMPARE_STALE_AFTER_MS = 10 * 60_000;
/** Totals per model are extrapolated to this many products. */
export const COMPARE_EXTRAPOLATE_TO = 1_000;

const distinct = <T>(key: (value: T) => string) => (values: T[]) => new Set(values.map(key)).size === values.length;

export const compareModelSchema = z.object({ backendId: backendIdSchema, modelId: modelIdSchema });
export type CompareModel = z.infer<typeof compareModelSchema>;

export const compareModelsSchema = z
  .array(compareModelSchema)
  .min(COMPARE_MIN_MODELS, `at least ${COMPARE_MIN_MODELS} models`)
  .max(COMPARE_MAX_MODELS, `at most ${COMPARE_MAX_MODELS} models`)
  .refine(distinct((model: CompareModel) => `${model.backendId}/${model.modelId}`), "each backend and model once");

export const compareRequestSchema = z.object({
  fields: z.array(copyFieldSchema).min(1).max(4).refine(distinct((field: string) => field), "each field once"),
  locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "a language code such as en or fr-CA"),
});
export type CompareRequest = z.infer<typeof compareRequestSchema>;

export const compareProductIdsSchema = z
  .array(productGidSchema)
  .min(1, "at least one product")
  .max(COMPARE_MAX_PRODUCTS, `at most ${COMPARE_MAX_PRODUCTS} products`)
  .refine(distinct((id: string) => id), "each product once");

/** Which products: the ones picked, or a random sample of a catalog filter (drawn at the estimate, shown, then run). */
export const compareProductsSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ids"), ids: compareProductIdsSchema }),
  z.object({ kind: z.literal("sample"), filter: jobFilterSchema, size: z.number().int().min(1).max(COMPARE_MAX_PRODUCTS) }),
]);
export type CompareProducts = z.infer<typeof compareProductsSchema>;

export const compareEstimateInputSchema = z.object({ models: compareModelsSchema, request: compareRequestSchema, products: compareProductsSchema });
export type CompareEstimateInput = z.infer<typeof compareEstimateInputSchema>;

export const compareStartInputSchema = z.object({ models: compareModelsSchema, request: compareRequestSchema, productIds: compareProductIdsSchema });
export type CompareStartInput = z.infer<typeof compareStartInputSchema>;

export const comparisonIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "a comparison id");
const columnSchema = z.number().int().min(0).max(COMPARE_MAX_MODELS - 1);

/** What the comparison page posts (JSON in a `payload` field, with its intent). */
export const comparisonActionSchema = z.discriminatedUnion("intent", [
  /** the winner of one product and field; null takes the vote back */
  z.object({ intent: z.literal("vote"), productId: productGidSchema, field: copyFieldSchema, column: columnSchema.nullable() }),
  /** the column's backend and model as the shop's default (primary) or first fallback */
  z.object({ intent: z.literal("use"), column: columnSchema, as: z.enum(["primary", "fallback"]) }),
  /** the column's values for one product, written through the apply path (revisions, revertable) */
  z.object({ intent: z.literal("apply"), productId: productGidSchema, column: columnSchema }),
  z.object({ intent: z.literal("delete") }),
]);
export type ComparisonAction = z.infer<typeof comparisonActionSchema>;

/** One generated value as stored for a comparison: sanitised, with its checks. */
export interface ComparedValue {
  field: CopyField;
  locale: string;
  resourceId: string;
  value: string;
  warnings: Issue[];
  hardFailures: Issue[];
}

export type ResultStatus = "queued" | "running" | "done" | "failed";
export type ComparisonStatus = "running" | "done" | "interrupted";

export interface ComparisonResultView {
  column: number;
  productId: string;
  status: ResultStatus;
  /** with their length in characters as a shopper reads them (a description's text, without markup) */
  values: Array<ComparedValue & { characters: number }>;
  /** descriptionHtml values as the sanitiser leaves them, keyed by resourceId ("" for the description) */
  rendered: Record<string, string>;
  /** a model error's kind (worded as jobs.errors.<kind>), or "interrupted" / "internal_error" */
  errorKind: string | null;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costMicros: number | null;
  latencyMs: number | null;
}

export interface ColumnTotals {
  column: number;
  backendId: string;
  modelId: string;
  done: number;
  failed: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** null when the model has no price in the table (its cost is unknown, not zero) */
  costMicros: number | null;
  /** cost per product done, times COMPARE_EXTRAPOLATE_TO */
  costPerThousandMicros: number | null;
  /** the longest product, and the column's whole time (its products run one after another) */
  maxLatencyMs: number | null;
  totalLatencyMs: number;
  hardFailures: number;
  warnings: number;
  wins: number;
}

export interface ComparisonView {
  id: string;
  status: ComparisonStatus;
  createdAt: string;
  finishedAt: string | null;
  request: CompareRequest;
  /** each column's backend and model, with what the page words the backend by */
  models: Array<CompareModel & { wording: BackendWording }>;
  products: Array<{ id: string; title: string }>;
  results: ComparisonResultView[];
  votes: Array<{ productId: string; field: CopyField; column: number }>;
  totals: ColumnTotals[];
  /** the shop's current default and fallbacks, so the page can say which column already is one */
  settings: { primary: CompareModel; fallbacks: CompareModel[] };
}

export interface ComparisonSummary {
  id: string;
  status: ComparisonStatus;
  createdAt: string;
  models: CompareModel[];
  products: number;
  /** what the priced calls cost; models without a price are counted apart, never as zero */
  costMicros: number;
  unpricedModels: number;
}

export interface CompareColumnEstimate {
  backendId: string;
  modelId: string;
  /** set when this column cannot run (unknown backend, EU switch) */
  refusal: string | null;
  modelCalls: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costMicros: number | null;
  priceTableDate: string | null;
}

export interface CompareEstimate {
  products: Array<{ id: string; title: string }>;
  columns: CompareColumnEstimate[];
  /** null when a column is unpriced */
  totalCostMicros: number | null;
  /** the budget's answer for the total: fits, or a refusal worded as jobs.refusals.<code> */
  budget: { ok: true; remainingAfterMicros: number | null } | { ok: false; code: string; params: Record<string, string | number> };
}

/** What "Apply this one" did for a product: values written, left as they were (policy, unchanged, refused by a check), failed. */
export interface CompareApplyResult {
  written: number;
  skipped: number;
  failed: number;
  refused: number;
  /** Shopify's reasons, for the failed ones */
  messages: string[];
}
