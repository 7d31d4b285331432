/**
 * Shopify's and search engines' practical limits, in characters (code points):
 * the one source for the checks, the prompt, Templates, the catalog health
 * summary and the UI. No server-only imports, so components may use it.
 */
export const SEO_TITLE_LIMIT = 60;
export const META_DESCRIPTION_LIMIT = 160;
export const ALT_TEXT_LIMIT = 125;

export const FIELD_LIMITS = {
  seoTitle: SEO_TITLE_LIMIT,
  metaDescription: META_DESCRIPTION_LIMIT,
  altText: ALT_TEXT_LIMIT,
} as const;

export type LimitedField = keyof typeof FIELD_LIMITS;
