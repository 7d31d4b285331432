import { data } from "@remix-run/node";
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

/** A typed refusal as its status and body; undefined for anything else (a real server error). */
export function refusalOf(error: unknown): { status: number; body: JobErrorBody } | undefined {
  const body = (code: string, params: Record<string, string | number> = {}, errors: Record<string, string> = {}): JobErrorBody => ({ ok: false, error: code, errors, params });
  if (error instanceof BadRequestError) return { status: 400, body: body(error.reason, {}, error.fieldErrors) };
  if (error instanceof JobNotFoundError) return { status: 404, body: body(error.code, { jobId: error.jobId }) };
  if (error instanceof JobConflictError) return { status: 409, body: body(error.code, { status: error.actual ?? "" }) };
  if (error instanceof JobBudgetError) return { status: 400, body: body(error.code, { ...error.numbers }) };
  if (error instanceof JobUnpricedModelError) return { status: 400, body: body(error.code, { backendId: error.backendId, modelId: error.modelId }) };
  if (error instanceof JobRequestError) return { status: 400, body: body(error.code, error.params) };
  return undefined;
}

/** A refusal as its HTTP answer (the job API's resource routes); anything else is rethrown (a real server error). */
export function jobErrorResponse(error: unknown): Response {
  const refusal = refusalOf(error);
  if (!refusal) throw error;
  return Response.json(refusal.body, { status: refusal.status });
}

/** The same refusal as the data a page's fetcher action returns (the Jobs pages). */
export function jobRefusal(error: unknown) {
  const refusal = refusalOf(error);
  if (!refusal) throw error;
  return data(refusal.body, { status: refusal.status });
}

/** The same refusal thrown from a page's loader. */
export function throwJobRefusal(error: unknown): never {
  const refusal = refusalOf(error);
  if (!refusal) throw error;
  throw Response.json(refusal.body, { status: refusal.status });
}
