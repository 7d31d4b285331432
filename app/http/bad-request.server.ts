import { data } from "@remix-run/node";
import type { z } from "zod";

/**
 * Malformed requests get 400 with a reason (and field errors where there are
 * fields), never a 500 and a stack in the logs. Routes read their input
 * through these helpers: a body that is not a form, a field that is a file or
 * too long, or a value the route's zod schema refuses all end here.
 */
export interface BadRequestBody {
  ok: false;
  error: string;
  errors: Record<string, string>;
}

/** The 400 a route throws (loaders) or returns (fetcher actions). */
export function badRequest(error: string, errors: Record<string, string> = {}) {
  const body: BadRequestBody = { ok: false, error, errors };
  return data(body, { status: 400 });
}

/** Thrown by the readers below; routes turn it into `badRequest`. */
export class BadRequestError extends Error {
  override name = "BadRequestError";
  constructor(
    readonly reason: string,
    readonly fieldErrors: Record<string, string> = {},
    options?: ErrorOptions,
  ) {
    super(`bad request: ${reason}`, options);
  }
}

const MAX_FIELDS = 100;
const MAX_FIELD_LENGTH = 300_000;

/** The request's form fields as strings; refuses a body that is not a form, files, and oversized fields. */
export async function readFormFields(request: Request): Promise<Record<string, string>> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    throw new BadRequestError("invalid_form", {}, { cause: error });
  }
  const fields: Record<string, string> = {};
  let count = 0;
  for (const [name, value] of form.entries()) {
    count += 1;
    if (count > MAX_FIELDS) throw new BadRequestError("too_many_fields");
    if (typeof value !== "string") throw new BadRequestError("invalid_form", { [name]: "files are not accepted" });
    if (value.length > MAX_FIELD_LENGTH) throw new BadRequestError("invalid_form", { [name]: "too long" });
    fields[name] = value;
  }
  return fields;
}

/** zod issues → one message per field path ("payload.fields", "page"); "form" for the whole. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[issue.path.map(String).join(".") || "form"] ??= issue.message;
  return errors;
}

/** safeParse at the edge: the data, or BadRequestError("invalid_input") with the field errors. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new BadRequestError("invalid_input", fieldErrors(parsed.error), { cause: parsed.error });
  return parsed.data;
}

/** JSON inside a form field, refused as a field error instead of a SyntaxError. */
export function jsonField(text: string, context: z.RefinementCtx): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    context.addIssue({ code: "custom", message: "not valid JSON" });
    return undefined;
  }
}

/** A BadRequestError as the 400 a fetcher action returns; anything else is rethrown. */
export function badRequestFrom(error: unknown) {
  if (error instanceof BadRequestError) return badRequest(error.reason, error.fieldErrors);
  throw error;
}

/** A BadRequestError as a thrown 400 Response (loaders, and actions not read by a form); anything else is rethrown. */
export function throwBadRequest(error: unknown): never {
  if (error instanceof BadRequestError) {
    const body: BadRequestBody = { ok: false, error: error.reason, errors: error.fieldErrors };
    throw Response.json(body, { status: 400 });
  }
  throw error;
}
