import { z } from "zod";
import { catalogFilterSchema } from "~/catalog/catalog-filter";
import { backendIdSchema, modelIdSchema } from "~/models/ids";
import { copyFieldSchema } from "~/copy/types";

/**
 * The bulk-jobs contract: what a job request, a selection, an estimate and a
 * job's progress look like, for the routes, the Jobs pages and the runner. No
 * server-only imports, so components may use the types and the schemas.
 */

export const JOB_STATUSES = ["queued", "running", "paused", "cancelling", "cancelled", "completed", "failed"] as const;
export const jobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof jobStatusSchema>;
/** A job in one of these may still run items or hold a budget reservation. */
export const JOB_ACTIVE_STATUSES = ["queued", "running", "paused", "cancelling"] as const satisfies readonly JobStatus[];
/** A job in one of these has stopped for good. */
export const FINISHED_JOB_STATUSES: readonly JobStatus[] = ["cancelled", "completed", "failed"];

export const ITEM_STATUSES = ["queued", "running", "generated", "applying", "applied", "failed", "skipped", "cancelled"] as const;
export const itemStatusSchema = z.enum(ITEM_STATUSES);
export type ItemStatus = z.infer<typeof itemStatusSchema>;
/** Item states that will not move again without a merchant's action (retry, apply). */
export const SETTLED_ITEM_STATUSES: readonly ItemStatus[] = ["generated", "applied", "failed", "skipped", "cancelled"];

/** Items a job runner works on at once, unless PLUME_JOB_CONCURRENCY says otherwise. */
export const DEFAULT_RUNNER_CONCURRENCY = 4;

export const JOB_MODES = ["review", "auto_apply"] as const;
export const jobModeSchema = z.enum(JOB_MODES);
export type JobMode = z.infer<typeof jobModeSchema>;

/** Shopify product GIDs, as a selection lists them. */
export const productGidSchema = z.string().regex(/^gid:\/\/shopify\/Product\/\d{1,20}$/, "a Shopify product id (gid://shopify/Product/…)");
/** The most ids one request may list; larger selections are a filter or "all". */
export const MAX_SELECTION_IDS = 5_000;

/** The catalog filter of the Products page, without its page number: a job takes every match. */
export const jobFilterSchema = catalogFilterSchema.omit({ page: true });
export type JobFilter = z.infer<typeof jobFilterSchema>;

/** Which products, as the merchant chose them: a list, a filter over the whole index, or the whole catalog. */
export const jobSelectionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ids"), ids: z.array(productGidSchema).min(1).max(MAX_SELECTION_IDS) }),
  z.object({ kind: z.literal("filter"), filter: jobFilterSchema }),
  z.object({ kind: z.literal("all") }),
]);
export type JobSelection = z.infer<typeof jobSelectionSchema>;

/** What to generate: the same choices a single product run offers. */
export const jobRequestSchema = z.object({
  fields: z.array(copyFieldSchema).min(1).max(10),
  locales: z.array(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/)).min(1).max(10),
  backendId: backendIdSchema.optional(),
  modelId: modelIdSchema.optional(),
  extraInstruction: z.string().max(500).optional(),
  /** overrides the shop's write policy for this job's writes (automations fill blanks only by default) */
  writePolicy: z.enum(["fill_blanks", "overwrite"]).optional(),
});
export type JobRequest = z.infer<typeof jobRequestSchema>;

/** The body of estimate and start. */
export const startJobInputSchema = z.object({
  request: jobRequestSchema,
  selection: jobSelectionSchema,
  mode: jobModeSchema.default("review"),
});
export type StartJobInput = z.infer<typeof startJobInputSchema>;

/**
 * Where a job came from besides a merchant in the app (null there): a Flow action run, the new-product automation,
 * or the product list's admin action. Runs and new products carry a key, one job per key and shop
 * (docs/decisions/0019); an admin action is a merchant's own click, started as often as they click.
 */
export const JOB_ORIGINS = ["flow_action", "new_product", "admin_action"] as const;
export type JobOriginKind = (typeof JOB_ORIGINS)[number];
export const jobOriginKindSchema = z.enum(JOB_ORIGINS);
export type KeyedJobOrigin = { kind: "flow_action" | "new_product"; key: string };
export type JobOrigin = KeyedJobOrigin | { kind: "admin_action" };

/** Job ids and item ids (cuid), bounded. */
export const jobIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

export const jobControlSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("pause") }),
  z.object({ action: z.literal("resume") }),
  z.object({ action: z.literal("cancel") }),
  z.object({ action: z.literal("retry_failed") }),
  z.object({ action: z.literal("apply_approved") }),
]);
export type JobControl = z.infer<typeof jobControlSchema>;

/** Review decisions on a job's pending proposals: some items, those without warnings, or every one. */
export const reviewScopeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("items"), itemIds: z.array(jobIdSchema).min(1).max(1_000) }),
  z.object({ kind: z.literal("without_warnings") }),
  z.object({ kind: z.literal("all") }),
]);
export type ReviewScope = z.infer<typeof reviewScopeSchema>;
export const reviewDecisionSchema = z.object({ decision: z.enum(["approve", "reject"]), scope: reviewScopeSchema });
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;
/** The merchant's edit of one proposal of the job (description HTML is sanitised on the server). */
export const proposalEditSchema = z.object({ proposalId: jobIdSchema, value: z.string().min(1).max(20_000) });
export type ProposalEdit = z.infer<typeof proposalEditSchema>;
/** The items route's POST: a review decision, or one edit. */
export const itemsActionSchema = z.union([reviewDecisionSchema, proposalEditSchema]);

/** Everything an estimate says, before a job starts; money in integer micro-USD. */
export interface JobEstimate {
  products: number;
  /** model calls: one per product and locale (regenerations of failing fields come on top, rarely) */
  modelCalls: number;
  inputTokens: number;
  /** the part of inputTokens the provider is expected to read from its prompt cache */
  cachedInputTokens: number;
  outputTokens: number;
  /** null: the model is not in the price table (free models cost 0, not null) */
  costMicros: number | null;
  backendId: string;
  modelId: string;
  /**
   * the slower of the model calls (at this shop's measured latency for the model, over the
   * runner's concurrency) and the Admin writes (auto-apply, at the shop's restore rate);
   * null when neither is known yet (no call of this model measured, review mode)
   */
  durationSeconds: number | null;
  limits: { averageLatencyMs: number | null; concurrency: number; adminPointsPerSecond: number | null; /** the provider's stated limits (absent in estimates stored before they were counted) */ requestsPerMinute?: number | null; tokensPerMinute?: number | null };
  /** how the prompt size was measured: snapshots of a few selected products, or index statistics */
  basis: { sampledProducts: number };
  priceTableDate: string;
}

/** The budget seen at estimate time: this month's spend, other jobs' reservations, the cap. */
export interface BudgetPosition {
  capMicros: number | null;
  spentMicros: number;
  reservedByOtherJobsMicros: number;
  /** cap − spent − reserved − this estimate; negative means refused */
  remainingAfterMicros: number | null;
}

export type ItemCounts = Record<ItemStatus, number>;

/**
 * Codes an item's error may carry besides a model call's outcome (ModelErrorKind, worded in
 * jobs.errors.<kind> too): every one has words in jobs.errors.<code>, en and fr.
 */
export const JOB_ITEM_ERROR_CODES = ["product_not_found", "all_rejected", "internal_error", "network_error", "shopify_refused", "admin_error", "model_error", "not_allowed_eu_only"] as const;
/** Item failures every later item would repeat: the job pauses with the reason (Job.error) instead. */
export const JOB_PAUSING_ERRORS = ["budget_exceeded", "unpriced_model", "auth", "malformed_key", "quota", "spend_limit", "billing", "daily_quota", "not_configured"] as const;

/** Why the job API refused a request: words in jobs.refusals.<code>, en and fr, with the answer's `params`. */
export const JOB_REFUSAL_CODES = [
  "job_not_found",
  "job_state_conflict",
  "budget_exceeded",
  "unpriced_model",
  "empty_selection",
  "unknown_backend",
  "not_allowed_eu_only",
  "nothing_to_apply",
  "nothing_to_retry",
  "unknown_proposal",
  "invalid_input",
  "invalid_json",
  "body_too_large",
] as const;

/** An item's error, worded on the page from `code` (jobs.errors.<code> in en/fr) and `params`. */
export interface ItemError {
  code: string;
  params: Record<string, string | number>;
}

export interface JobSummary {
  id: string;
  status: JobStatus;
  mode: JobMode;
  request: JobRequest;
  selection: JobSelection;
  estimate: JobEstimate;
  total: number;
  counts: ItemCounts;
  reservedMicros: number;
  spentMicros: number;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  pausedAt: string | null;
  error: ItemError | null;
  /** null: started by a merchant in Plume */
  origin: JobOriginKind | null;
}

export interface JobProgress extends JobSummary {
  /** items settled per minute over the last few minutes; null before any settled */
  throughputPerMinute: number | null;
  /** seconds until the runnable items are done at that throughput; null when unknown or finished */
  etaSeconds: number | null;
  recentErrors: Array<{ itemId: string; productId: string; error: ItemError; at: string }>;
  /** proposals waiting for review in this job */
  pendingProposals: number;
  /** products with approved copy not yet being written: what "Apply approved" would write now */
  readyToApply: number;
}

export interface JobItemView {
  id: string;
  productId: string;
  title: string | null;
  status: ItemStatus;
  attempts: number;
  error: ItemError | null;
  costMicros: number;
  /** the values the job wrote to this product, and how many of those have been reverted since */
  writes: { written: number; reverted: number };
  proposals: Array<{ id: string; field: string; locale: string; resourceId: string; value: string; warnings: unknown[]; status: string }>;
}

/** A whole job's revert, run in the background: queued, running (a worker holds it), then completed or failed. */
export const JOB_REVERT_STATUSES = ["queued", "running", "completed", "failed"] as const;
export type JobRevertStatus = (typeof JOB_REVERT_STATUSES)[number];
export const ACTIVE_REVERT_STATUSES: readonly JobRevertStatus[] = ["queued", "running"];

/** A job's revert as its page shows it: how far it got, and what happened to the values. */
export interface JobRevertView {
  id: string;
  status: JobRevertStatus;
  productsTotal: number;
  productsDone: number;
  /** values put back */
  reverted: number;
  /** values changed since by someone else, reported and left as they are */
  conflicts: number;
  /** values not put back (Shopify refused, the product is gone): a new revert tries them again */
  failed: number;
  createdAt: string;
  finishedAt: string | null;
}

export const jobItemsQuerySchema = z.object({
  status: z.enum(["", ...ITEM_STATUSES]).default(""),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type JobItemsQuery = z.infer<typeof jobItemsQuerySchema>;
export const JOB_ITEMS_PAGE_SIZE = 50;

export function emptyCounts(): ItemCounts {
  return Object.fromEntries(ITEM_STATUSES.map((status) => [status, 0])) as ItemCounts;
}
