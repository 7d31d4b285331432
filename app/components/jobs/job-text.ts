import type { TFunction } from "i18next";
import type { ItemError, ItemStatus, JobStatus } from "~/jobs/types";
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

/** The job runner's, the writes' and the job service's own codes. */
const JOB_ERRORS = [
  "internal_error",
  "product_not_found",
  "all_rejected",
  "shopify_refused",
  "admin_error",
  "not_allowed_eu_only",
  "job_not_found",
  "job_state_conflict",
  "empty_selection",
  "unknown_backend",
  "nothing_to_apply",
  "nothing_to_retry",
  "invalid_input",
] as const;

/** Error codes the catalogues word (jobs.errors.<code>); anything else is worded as "unknown", never shown raw. */
export const WORDED_ERRORS: ReadonlySet<string> = new Set([...Object.keys(MODEL_ERRORS), ...JOB_ERRORS]);

/** An item's or a job's error in plain words, from its code and params. */
export function errorText(t: TFunction, error: Pick<ItemError, "code"> & { params?: ItemError["params"] }): string {
  return WORDED_ERRORS.has(error.code) ? t(`jobs.errors.${error.code}`, error.params ?? {}) : t("jobs.errors.unknown");
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
