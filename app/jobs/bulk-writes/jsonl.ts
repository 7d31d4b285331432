import { z } from "zod";
import type { CopyField } from "~/copy/types";

/**
 * The files of a bulk write: one productUpdate variables object per line, one line per product, and Shopify's result
 * file read back line by line (docs/decisions/0021).
 */

/** Shopify refuses a bulk mutation file over 20 MiB (the staged upload's EntityTooLarge); each file stays under this. */
export const BULK_WRITE_FILE_MAX_BYTES = 20 * 1024 * 1024 - 64 * 1024;

/** The mutation each line runs: the same productUpdate as the per-product path, so both write identically. */
export const BULK_PRODUCT_UPDATE = `mutation PlumeBulkProductCopyUpdate($product: ProductUpdateInput!) {
  productUpdate(product: $product) {
    product { id }
    userErrors { field message }
  }
}`;

/** The fields a bulk line carries: the product-level ones. Alt text stays per product. */
export function isBulkField(field: string): boolean {
  return field !== "altText";
}

/** What a bulk line carries: a bulk field in the primary language. Translations stay per product. */
export function isBulkWritable(value: { field: CopyField; locale: string }, primaryLocale: string): boolean {
  return value.locale === primaryLocale && isBulkField(value.field);
}

/** One line's variables: only the fields that change (an omitted SEO field keeps its stored value). */
export function productUpdateLine(productId: string, values: ReadonlyArray<{ field: CopyField; value: string }>): string {
  const product: { id: string; descriptionHtml?: string; seo?: { title?: string; description?: string } } = { id: productId };
  for (const { field, value } of values) {
    if (field === "descriptionHtml") product.descriptionHtml = value;
    else if (field === "seoTitle") product.seo = { ...product.seo, title: value };
    else if (field === "metaDescription") product.seo = { ...product.seo, description: value };
  }
  return JSON.stringify({ product });
}

/** How many of `lines`, from the first, fit in one file under `maxBytes` (at least one: a single line is never that big). */
export function linesUnderLimit(lines: readonly string[], maxBytes = BULK_WRITE_FILE_MAX_BYTES): number {
  let bytes = 0;
  for (const [index, line] of lines.entries()) {
    bytes += Buffer.byteLength(line, "utf8") + 1;
    if (bytes > maxBytes) return Math.max(1, index);
  }
  return lines.length;
}

const userErrorSchema = z.object({ field: z.array(z.string()).nullish(), message: z.string() });

/** A result line: the mutation's payload for the input line `__lineNumber` (0-based), or its GraphQL errors. */
export const resultLineSchema = z.object({
  data: z
    .object({ productUpdate: z.object({ product: z.object({ id: z.string() }).nullish(), userErrors: z.array(userErrorSchema) }).nullish() })
    .nullish(),
  errors: z.array(z.object({ message: z.string() }).loose()).optional(),
  __lineNumber: z.number().int().min(0),
});
export type ResultLine = z.infer<typeof resultLineSchema>;

export type LineOutcome =
  | { kind: "written" }
  | { kind: "refused"; userErrors: Array<{ field: string[] | null; message: string }> }
  /** No answer for the line (a failed operation's missing lines) or a GraphQL error: not known to be written. */
  | { kind: "unknown"; reason: string };

/** Each line's outcome by line number; a line that does not parse is skipped (its item then goes back to the per-product path). */
export function parseResultFile(text: string): Map<number, LineOutcome> {
  const outcomes = new Map<number, LineOutcome>();
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    let parsed: ResultLine;
    try {
      parsed = resultLineSchema.parse(JSON.parse(raw));
    } catch {
      continue;
    }
    const payload = parsed.data?.productUpdate;
    if (parsed.errors && parsed.errors.length > 0) outcomes.set(parsed.__lineNumber, { kind: "unknown", reason: parsed.errors.map((error) => error.message).join(" ") });
    else if (!payload) outcomes.set(parsed.__lineNumber, { kind: "unknown", reason: "no productUpdate payload" });
    else if (payload.userErrors.length > 0) outcomes.set(parsed.__lineNumber, { kind: "refused", userErrors: payload.userErrors.map((error) => ({ field: error.field ?? null, message: error.message })) });
    else outcomes.set(parsed.__lineNumber, { kind: "written" });
  }
  return outcomes;
}
