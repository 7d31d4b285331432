import { BadRequestError, fieldErrors } from "~/http/bad-request.server";
import type { z } from "zod";
import { JobBudgetError, JobConflictError, JobNotFoundError, JobRequestError, JobUnpricedModelError } from "./errors";

/**
 * The job API's edge: JSON bodies read with a bound and parsed with zod (400 with field
 * errors), and the service's typed refusals as answers the page can word
 * (jobs.refusals.<error> in en/fr, with `params`), never a 500.
 */
export interface JobErrorBody {
  ok: false;
  error: string;
  errors: Record<string, string>;
  params: Record<string, string | number>;
}

/** Largest JSON body the job API reads: an ids selection of MAX_SELECTION_IDS product GIDs fits well under it. */
const MAX_JSON_BYTES = 512 * 1024;

export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_JSON_BYTES) throw new BadRequestError("body_too_large");
  const text = await request.text();
  if (text.length > MAX_JSON_BYTES) throw new BadRequestError("body_too_large");
  let body: unknown;
  try {
    body = text === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw new BadRequestError("invalid_json", {}, { cause: error });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new BadRequestError("invalid_input", fieldErrors(parsed.error), { cause: parsed.error });
  return parsed.data;
}

export function parseParam<T extends z.ZodType>(schema: T, value: unknown, name: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BadRequestError("invalid_input", { [name]: parsed.error.issues[0]?.message ?? "invalid" });
  return parsed.data;
}

function reply(status: number, error: string, params: Record<string, string | number> = {}, errors: Record<string, string> = {}): Response {
  const body: JobErrorBody = { ok: false, error, errors, params };
  return Response.json(body, { status });
}

/** A refusal as its HTTP answer; anything else is rethrown (a real server error). */
export function jobErrorResponse(error: unknown): Response {
  if (error instanceof BadRequestError) return reply(400, error.reason, {}, error.fieldErrors);
  if (error instanceof JobNotFoundError) return reply(404, error.code, { jobId: error.jobId });
  if (error instanceof JobConflictError) return reply(409, error.code, { status: error.actual ?? "" });
  if (error instanceof JobBudgetError) return reply(400, error.code, { ...error.numbers });
  if (error instanceof JobUnpricedModelError) return reply(400, error.code, { backendId: error.backendId, modelId: error.modelId });
  if (error instanceof JobRequestError) return reply(400, error.code, error.params);
  throw error;
}
