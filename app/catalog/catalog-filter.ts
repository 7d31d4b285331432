import { z } from "zod";
import { META_DESCRIPTION_LIMIT, SEO_TITLE_LIMIT } from "~/copy/limits";

/**
 * The Products page's filter model over the local catalog index, shared with bulk
 * jobs (which take every match, not one page). No server-only imports.
 *
 * catalogSortKey: a title folded for sorting and searching: compatibility-decomposed, accents and other
 * combining marks dropped, ligatures spelled out, lower case. "Écharpe" sorts with "E" and
 * "echarpe", "ECHARPE" or "écharpe" all find it, on SQLite and PostgreSQL alike (neither
 * collates this way out of the box, and SQLite's LIKE is case-sensitive beyond ASCII).
 */
export function catalogSortKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/œ/gi, "oe")
    .replace(/æ/gi, "ae")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .trim();
}

export const catalogFilterSchema = z.object({
  query: z.string().trim().max(200).default(""),
  missing: z.enum(["", "description", "seoTitle", "metaDescription", "altText"]).default(""),
  tooLong: z.enum(["", "seoTitle", "metaDescription"]).default(""),
  vendor: z.string().max(255).default(""),
  productType: z.string().max(255).default(""),
  status: z.enum(["", "ACTIVE", "DRAFT", "ARCHIVED", "UNLISTED"]).default(""),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type CatalogFilter = z.infer<typeof catalogFilterSchema>;

export const CATALOG_PAGE_SIZE = 50;

/** The Prisma `where` of a filter over the shop's whole index (no page): the Products page and job selections. */
export function catalogFilterWhere(shop: string, filter: CatalogFilter) {
  return {
    shop,
    ...(filter.query ? { sortTitle: { contains: catalogSortKey(filter.query) } } : {}),
    ...(filter.vendor ? { vendor: filter.vendor } : {}),
    ...(filter.productType ? { productType: filter.productType } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.missing === "description" ? { hasDescription: false } : {}),
    ...(filter.missing === "seoTitle" ? { seoTitleLength: 0 } : {}),
    ...(filter.missing === "metaDescription" ? { metaDescriptionLength: 0 } : {}),
    ...(filter.missing === "altText" ? { imagesMissingAlt: { gt: 0 } } : {}),
    ...(filter.tooLong === "seoTitle" ? { seoTitleLength: { gt: SEO_TITLE_LIMIT } } : {}),
    ...(filter.tooLong === "metaDescription" ? { metaDescriptionLength: { gt: META_DESCRIPTION_LIMIT } } : {}),
  };
}

