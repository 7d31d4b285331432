import { z } from "zod";

/**
 * Backend and model ids as they may arrive from a form, a stored setting or a
 * one-off generate request: bounded and from a small alphabet, at every edge.
 * Model ids cover provider spellings such as "gpt-4.1-mini",
 * "claude-haiku-4-5-20251001", "llama3.1:8b", "meta-llama/Llama-3.1-8B-Instruct".
 */
export const MODEL_ID_MAX_LENGTH = 128;
export const BACKEND_ID_MAX_LENGTH = 64;

export const modelIdSchema = z
  .string()
  .trim()
  .min(1, "a model id is required")
  .max(MODEL_ID_MAX_LENGTH, `at most ${MODEL_ID_MAX_LENGTH} characters`)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/, "letters, digits and . _ : / @ + - only");

export const backendIdSchema = z
  .string()
  .trim()
  .min(1, "a backend id is required")
  .max(BACKEND_ID_MAX_LENGTH, `at most ${BACKEND_ID_MAX_LENGTH} characters`)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and - only");
