/**
 * What a schema property is for, judged from its name and where it sits, the way
 * a model reads `seoTitle` or `seo.title`. Names are compared without case or
 * separators, so `meta_description`, `metaDescription` and `MetaDescription` agree.
 */
export type FieldKind =
  | "descriptionHtml"
  | "descriptionText"
  | "summary"
  | "seoTitle"
  | "metaDescription"
  | "altText"
  | "imageId"
  | "title"
  | "bullets"
  | "keywords"
  | "locale"
  | "handle"
  | "vendor"
  | "productType"
  | "reasoning"
  | "issues"
  | "generic";

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

const EXACT: Readonly<Record<string, FieldKind>> = {
  seotitle: "seoTitle",
  metatitle: "seoTitle",
  pagetitle: "seoTitle",
  titletag: "seoTitle",
  metadescription: "metaDescription",
  seodescription: "metaDescription",
  metadesc: "metaDescription",
  imageid: "imageId",
  mediaid: "imageId",
  imagegid: "imageId",
  title: "title",
  producttitle: "title",
  name: "title",
  productname: "title",
  translatedtitle: "title",
  summary: "summary",
  shortdescription: "summary",
  excerpt: "summary",
  tagline: "summary",
  headline: "summary",
  subtitle: "summary",
  bullets: "bullets",
  bulletpoints: "bullets",
  highlights: "bullets",
  features: "bullets",
  keyfeatures: "bullets",
  sellingpoints: "bullets",
  keypoints: "bullets",
  benefits: "bullets",
  tags: "keywords",
  keywords: "keywords",
  seokeywords: "keywords",
  locale: "locale",
  language: "locale",
  lang: "locale",
  targetlocale: "locale",
  languagecode: "locale",
  handle: "handle",
  slug: "handle",
  urlhandle: "handle",
  vendor: "vendor",
  brand: "vendor",
  producttype: "productType",
  category: "productType",
  reasoning: "reasoning",
  rationale: "reasoning",
  explanation: "reasoning",
  notes: "reasoning",
  comment: "reasoning",
  warnings: "issues",
  issues: "issues",
  flags: "issues",
  problems: "issues",
};

/** "alt", "altText", "imageAlt", "altTexts", "altByImageId" — but not "alternative" or "salt". */
function isAltName(key: string): boolean {
  return key === "alt" || key.includes("alttext") || /^alts?(by|for|map|list|per)/.test(key) || /^alts$/.test(key) || /(image|media|photo)alts?$/.test(key);
}

/** `parentName` is the enclosing property, so `seo.title` and `seo.description` read as SEO fields. */
export function fieldKind(name: string | undefined, parentName: string | undefined): FieldKind {
  if (name === undefined) return "generic";
  const key = normalizeName(name);
  const parent = normalizeName(parentName ?? "");
  const inSeo = /seo|meta|search/.test(parent);
  if (inSeo && (key === "title" || key === "name")) return "seoTitle";
  if (inSeo && key === "description") return "metaDescription";
  if (key in EXACT) return EXACT[key] ?? "generic";
  if (isAltName(key)) return "altText";
  if (key === "id" && /image|media|alt|photo/.test(parent)) return "imageId";
  if (key.includes("metadescription") || (key.includes("seo") && key.includes("description"))) return "metaDescription";
  if (key.includes("seotitle") || (key.includes("seo") && key.includes("title"))) return "seoTitle";
  if (key.includes("description") || key.includes("body") || key.includes("html")) {
    return key.includes("html") || !/text|plain/.test(key) ? "descriptionHtml" : "descriptionText";
  }
  if (key.includes("title")) return "title";
  if (key.includes("bullet") || key.includes("highlight") || key.includes("feature")) return "bullets";
  if (key.includes("keyword") || key.includes("tag")) return "keywords";
  return "generic";
}

/** Properties named after a locale ("fr", "de-DE") hold copy written in that locale. */
export function localeOfPropertyName(name: string | undefined): string | undefined {
  return name !== undefined && /^[a-z]{2}(?:[-_][A-Za-z]{2})?$/.test(name) ? name : undefined;
}
