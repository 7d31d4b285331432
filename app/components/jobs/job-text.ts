import type { TFunction } from "i18next";
import { formatUsd } from "~/components/shared/format";
import { JOB_ITEM_ERROR_CODES, JOB_REFUSAL_CODES, JOB_STATUSES, type ItemError, type ItemStatus, type JobItemView, type JobProgress, type JobStatus } from "~/jobs/types";
import type { ModelErrorKind } from "~/models/errors";

/** Every model error kind is worded: a kind added to the model layer fails the type check here until it is. */
const MODEL_ERRORS: Record<ModelErrorKind, true> = {
  auth: true,
  malformed_key: true,
  quota: true,
  spend_limit: true,
  billing: true,
  daily_quota: true,
  unknown_model: true,
  bad_request: true,
  rate_limit: true,
  overloaded: true,
  server: true,
  timeout: true,
  unreachable: true,
  invalid_output: true,
  refusal: true,
  unsafe_endpoint: true,
  not_configured: true,
  budget_exceeded: true,
  unpriced_model: true,
  cancelled: true,
};

/** Item errors: jobs.errors.<code>. */
const ITEM_ERRORS: ReadonlySet<string> = new Set([...Object.keys(MODEL_ERRORS), ...JOB_ITEM_ERROR_CODES]);
/** The job service's refusals: jobs.refusals.<code>. */
const REFUSALS: ReadonlySet<string> = new Set(JOB_REFUSAL_CODES);

/** Codes the catalogues word; anything else is worded as "unknown", never shown raw. */
export const WORDED_ERRORS: ReadonlySet<string> = new Set([...ITEM_ERRORS, ...REFUSALS]);

const MONEY_PARAMS = { capMicros: "cap", spentMicros: "spent", reservedByOtherJobsMicros: "reserved", estimateMicros: "estimate" } as const;

/**
 * An item's error or a refusal in plain words, from its code and params. A refusal is looked
 * up first (its words name the request), and micro-USD params are worded as money.
 */
export function errorText(t: TFunction, error: Pick<ItemError, "code"> & { params?: ItemError["params"] }, locale = "en"): string {
  const params: Record<string, string | number> = { ...(error.params ?? {}) };
  for (const [name, word] of Object.entries(MONEY_PARAMS)) {
    const value = params[name];
    if (typeof value === "number") params[word] = formatUsd(value, locale);
  }
  const status = params.status;
  if (typeof status === "string" && (JOB_STATUSES as readonly string[]).includes(status)) params.status = t(`jobs.status.${status}`);
  if (REFUSALS.has(error.code)) return t(`jobs.refusals.${error.code}`, params);
  if (ITEM_ERRORS.has(error.code)) return t(`jobs.errors.${error.code}`, params);
  return t("jobs.errors.unknown");
}

export type BadgeTone = "info" | "success" | "warning" | "critical" | "attention" | undefined;

export function jobStatusTone(status: JobStatus): BadgeTone {
  switch (status) {
    case "running":
    case "queued":
      return "info";
    case "completed":
      return "success";
    case "paused":
    case "cancelling":
      return "attention";
    case "failed":
      return "critical";
    case "cancelled":
      return undefined;
  }
}

export function itemStatusTone(status: ItemStatus): BadgeTone {
  switch (status) {
    case "applied":
      return "success";
    case "generated":
      return "attention";
    case "failed":
      return "critical";
    case "queued":
    case "running":
    case "applying":
      return "info";
    case "skipped":
    case "cancelled":
      return undefined;
  }
}

type ApplyReason = "jobs.review.applyReady" | "jobs.review.applyWriting" | "jobs.review.applyApproveFirst" | "jobs.review.applyNothing";

/** "Apply approved", from the job's counts: enabled when approved copy waits to be written, else the reason it is not. */
export function applyButtonState(progress: Pick<JobProgress, "readyToApply" | "pendingProposals" | "counts">): { enabled: boolean; reason: ApplyReason; count: number } {
  if (progress.readyToApply > 0) return { enabled: true, reason: "jobs.review.applyReady", count: progress.readyToApply };
  if (progress.counts.applying > 0) return { enabled: false, reason: "jobs.review.applyWriting", count: progress.counts.applying };
  if (progress.pendingProposals > 0) return { enabled: false, reason: "jobs.review.applyApproveFirst", count: progress.pendingProposals };
  return { enabled: false, reason: "jobs.review.applyNothing", count: 0 };
}

/**
 * An item's badge: its state, except that a product whose written values have been reverted since says so
 * (all of them, or some), from the revision store's record of each write.
 */
export function itemBadge(item: Pick<JobItemView, "status" | "writes">): { key: string; params: Record<string, number>; tone: BadgeTone } {
  const { written, reverted } = item.writes;
  if (written > 0 && reverted === written) return { key: "jobs.review.itemReverted", params: {}, tone: undefined };
  if (reverted > 0) return { key: "jobs.review.itemPartlyReverted", params: { reverted, written }, tone: "attention" };
  return { key: `jobs.itemStatus.${item.status}`, params: {}, tone: itemStatusTone(item.status) };
}
