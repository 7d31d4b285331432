import type { JobStatus } from "./types";

/**
 * Typed refusals of the job service. Routes turn each into a 400 (or 404/409) whose
 * `error` is a code the page words from jobs.errors.<code> in en/fr, with the numbers.
 */
export class JobNotFoundError extends Error {
  override name = "JobNotFoundError";
  readonly code = "job_not_found";
  constructor(readonly jobId: string) {
    super(`no job ${jobId} in this shop`);
  }
}

/** A status change found the job (or item) in another state than the one it expected. */
export class JobConflictError extends Error {
  override name = "JobConflictError";
  readonly code = "job_state_conflict";
  constructor(
    readonly jobId: string,
    readonly expected: readonly string[],
    readonly actual: JobStatus | string | null,
  ) {
    super(`job ${jobId} is ${actual ?? "gone"}, expected ${expected.join(" or ")}`);
  }
}

/** The job would break the monthly cap: the numbers, in micro-USD, for the merchant. */
export class JobBudgetError extends Error {
  override name = "JobBudgetError";
  readonly code = "budget_exceeded";
  constructor(
    readonly numbers: { capMicros: number; spentMicros: number; reservedByOtherJobsMicros: number; estimateMicros: number; scope: "shop" | "operator" },
  ) {
    super(
      `the job's estimate (${numbers.estimateMicros} micro-USD) with this month's spend (${numbers.spentMicros}) and other jobs' reservations (${numbers.reservedByOtherJobsMicros}) exceeds the ${numbers.scope} cap (${numbers.capMicros})`,
    );
  }
}

/** A paid model the price table cannot price, with a budget set: its cost could not be counted. */
export class JobUnpricedModelError extends Error {
  override name = "JobUnpricedModelError";
  readonly code = "unpriced_model";
  constructor(
    readonly backendId: string,
    readonly modelId: string,
  ) {
    super(`${backendId}/${modelId} has no price and a budget is set`);
  }
}

/** The request cannot run as asked: an empty selection, an unknown backend, a backend the EU switch forbids. */
export class JobRequestError extends Error {
  override name = "JobRequestError";
  constructor(
    readonly code: "empty_selection" | "unknown_backend" | "not_allowed_eu_only" | "nothing_to_apply" | "nothing_to_retry" | "unknown_proposal",
    readonly params: Record<string, string | number> = {},
  ) {
    super(`job request refused: ${code}`);
  }
}

export type JobServiceError = JobNotFoundError | JobConflictError | JobBudgetError | JobUnpricedModelError | JobRequestError;

export function isJobServiceError(error: unknown): error is JobServiceError {
  return (
    error instanceof JobNotFoundError ||
    error instanceof JobConflictError ||
    error instanceof JobBudgetError ||
    error instanceof JobUnpricedModelError ||
    error instanceof JobRequestError
  );
}

/** A job with this origin key already exists in the shop (a retried Flow action run, a redelivered new product): its id. */
export class JobAlreadyStartedError extends Error {
  override name = "JobAlreadyStartedError";
  readonly code = "job_already_started";
  constructor(readonly jobId: string) {
    super(`a job with this origin key already exists: ${jobId}`);
  }
}
