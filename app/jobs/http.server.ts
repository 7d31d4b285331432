import { data } from "@remix-run/node";
import { BadRequestError } from "~/http/bad-request.server";
import type { Issue } from "~/copy/types";
import { ProposalRefusedError } from "./review.server";
import { JobBudgetError, JobConflictError, JobNotFoundError, JobRequestError, JobUnpricedModelError } from "./errors";

/**
 * The job service's typed refusals as the answers the Jobs pages read: 400 for a request
 * that cannot run (with the code the page words from jobs.errors.<code>, and the numbers of
 * a budget refusal), 404 for a job of no such id in this shop, 409 for a state conflict.
 * Anything else is not the request's fault and is rethrown.
 */
export interface JobErrorBody {
  ok: false;
  error: string;
  errors: Record<string, string>;
  params: Record<string, string | number>;
  /** the checks' issues of a refused edit, worded at the field */
  issues?: Issue[];
}

function body(error: string, params: Record<string, string | number> = {}, errors: Record<string, string> = {}): JobErrorBody {
  return { ok: false, error, errors, params };
}

export function jobErrorBody(error: unknown): { status: number; body: JobErrorBody } | undefined {
  if (error instanceof BadRequestError) return { status: 400, body: body(error.reason, {}, error.fieldErrors) };
  if (error instanceof ProposalRefusedError) return { status: 400, body: { ...body(error.code, {}, { value: "refused by the checks" }), issues: error.issues } };
  if (error instanceof JobNotFoundError) return { status: 404, body: body(error.code) };
  if (error instanceof JobConflictError) return { status: 409, body: body(error.code, { actual: error.actual ?? "" }) };
  if (error instanceof JobBudgetError) return { status: 400, body: body(error.code, { ...error.numbers }) };
  if (error instanceof JobUnpricedModelError) return { status: 400, body: body(error.code, { backendId: error.backendId, modelId: error.modelId }) };
  if (error instanceof JobRequestError) return { status: 400, body: body(error.code, error.params) };
  return undefined;
}

/** For fetcher actions: the refusal as data with its status. */
export function jobErrorResponse(error: unknown) {
  const answer = jobErrorBody(error);
  if (!answer) throw error;
  return data(answer.body, { status: answer.status });
}

/** For loaders: the refusal thrown as a Response. */
export function throwJobError(error: unknown): never {
  const answer = jobErrorBody(error);
  if (!answer) throw error;
  throw Response.json(answer.body, { status: answer.status });
}
