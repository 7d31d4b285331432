import Mustache from "mustache";
import type { TemplateField, TemplateSet } from "./defaults";

/**
 * Renders the offline Templates backend: logic-less `{{variable}}` templates
 * filled from product facts. Mustache escapes every value, so product text can
 * never inject markup into a description; plain-text fields are rendered
 * without escaping (they are not HTML) and whitespace is tidied.
 */
export interface TemplateFacts {
  title: string;
  vendor: string;
  productType: string;
  shopName: string;
  tags: string;
  options: Array<{ name: string; values: string }>;
  /** true when there is an option list: wraps the list (`{{#hasOptions}}<ul>{{#options}}…{{/options}}</ul>{{/hasOptions}}`) */
  hasOptions: boolean;
  colors: string;
  sizes: string;
  materials: string;
  priceRange: string;
  variantTitle?: string;
  imagePosition?: number;
}

export class TemplateSyntaxError extends Error {
  override name = "TemplateSyntaxError";
}

const COLOR_OPTION = /^(colou?r|couleur|farbe)$/i;
const SIZE_OPTION = /^(size|taille|größe|grösse)$/i;
const MATERIAL_OPTION = /^(material|matière|matiere|stoff)$/i;

export function factsFromProduct(product: {
  title: string;
  vendor: string;
  productType: string;
  tags: string[];
  options: Array<{ name: string; values: string[] }>;
  prices: number[];
  currencyCode: string;
  shopName: string;
  locale: string;
}): TemplateFacts {
  const valuesOf = (pattern: RegExp) => product.options.find((option) => pattern.test(option.name))?.values.join(", ") ?? "";
  const format = (amount: number) => new Intl.NumberFormat(product.locale, { style: "currency", currency: product.currencyCode }).format(amount);
  const low = product.prices.length ? Math.min(...product.prices) : undefined;
  const high = product.prices.length ? Math.max(...product.prices) : undefined;
  const options = product.options.filter((option) => option.name !== "Title").map((option) => ({ name: option.name, values: option.values.join(", ") }));
  return {
    title: product.title,
    vendor: product.vendor,
    productType: product.productType,
    shopName: product.shopName,
    tags: product.tags.join(", "),
    options,
    hasOptions: options.length > 0,
    colors: valuesOf(COLOR_OPTION),
    sizes: valuesOf(SIZE_OPTION),
    materials: valuesOf(MATERIAL_OPTION),
    priceRange: low === undefined || high === undefined ? "" : low === high ? format(low) : `${format(low)} – ${format(high)}`,
  };
}

/** Throws TemplateSyntaxError for a template that does not parse (unclosed section, …). */
export function validateTemplate(template: string): void {
  try {
    Mustache.parse(template);
  } catch (error) {
    throw new TemplateSyntaxError(error instanceof Error ? error.message : String(error));
  }
}

export function renderField(field: TemplateField, template: string, facts: TemplateFacts): string {
  validateTemplate(template);
  const view = { ...facts, options: facts.options.length > 0 ? facts.options : null };
  if (field === "descriptionHtml") return Mustache.render(template, view).trim();
  // Plain text: no HTML escaping, collapse the whitespace a missing section leaves.
  const text = Mustache.render(template, view, undefined, { escape: (value: unknown) => String(value) });
  return text.replace(/\s+/g, " ").replace(/\s+([,.;:!?])/g, "$1").trim();
}

export function renderTemplates(templates: TemplateSet, facts: TemplateFacts): TemplateSet {
  return {
    descriptionHtml: renderField("descriptionHtml", templates.descriptionHtml, facts),
    seoTitle: renderField("seoTitle", templates.seoTitle, facts),
    metaDescription: renderField("metaDescription", templates.metaDescription, facts),
    altText: renderField("altText", templates.altText, facts),
  };
}
