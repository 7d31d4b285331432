import { z } from "zod";

/**
 * Shared shapes for the copy checks. Schemas are the source of truth so that
 * callers holding data from outside (job payloads, model output, Shopify
 * reads) can parse it with the same definition the checks rely on.
 */

export const COPY_FIELDS = ["descriptionHtml", "seoTitle", "metaDescription", "altText"] as const;
export const copyFieldSchema = z.enum(COPY_FIELDS);
export type CopyField = z.infer<typeof copyFieldSchema>;

export const ISSUE_CODES = [
  "too_long",
  "empty",
  "wrong_language",
  "banned_word",
  "refusal",
  "meta_text",
  "possibly_invented",
  "near_duplicate",
  "unsafe_html",
  "truncated",
  "contact_details",
  "prompt_echo",
  "duplicate_alt_text",
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export interface Issue {
  code: IssueCode;
  /** English, for logs; the UI translates from `code` and `params`. */
  message: string;
  params: Record<string, string | number>;
}

export interface FieldCheckResult {
  /** Any entry here blocks publishing the value. */
  hardFailures: Issue[];
  /** Shown to the reviewer; publishing is still allowed. */
  warnings: Issue[];
}

export const productFactsForChecksSchema = z.object({
  title: z.string(),
  descriptionText: z.string(),
  vendor: z.string(),
  productType: z.string(),
  tags: z.array(z.string()),
  options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
  variants: z.array(z.object({ title: z.string(), sku: z.string().optional(), price: z.string().optional() })),
  metafields: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
});
export type ProductFactsForChecks = z.infer<typeof productFactsForChecksSchema>;

export const fieldCheckInputSchema = z.object({
  field: copyFieldSchema,
  value: z.string(),
  /** BCP 47 tag of the language the value must be written in, e.g. "fr" or "fr-CA". */
  targetLocale: z.string().regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/, "expected a BCP 47 language tag"),
  facts: productFactsForChecksSchema,
  bannedWords: z.array(z.string()),
  /** SEO titles / meta descriptions of the shop's other products (not this one). */
  otherProductsSeo: z.array(z.string()).optional(),
  /** Whether the shop allows links in descriptions; must match what publishing will use. */
  allowLinks: z.boolean().optional(),
  /** Plume's own rules as sent to the model (without the merchant's texts): copy repeating them is a prompt echo. */
  instructions: z.string().optional(),
});
export type FieldCheckInput = z.infer<typeof fieldCheckInputSchema>;
