import type { z } from "zod";

/**
 * The checks were handed something that does not match their contract. This is
 * a programming or data error upstream, never a property of the generated
 * copy, so retrying the same input cannot help.
 */
export class InvalidCheckInputError extends Error {
  override name = "InvalidCheckInputError";
  readonly retryable = false;
  constructor(readonly issues: z.core.$ZodIssue[], options?: { cause?: unknown }) {
    super(`invalid field check input: ${issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ")}`, options);
  }
}
