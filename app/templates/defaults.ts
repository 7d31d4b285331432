/**
 * Plume's starting templates for the offline Templates backend, per field and
 * language. Merchants edit their own copies; `{{variable}}` names are the
 * product facts listed in TEMPLATE_VARIABLES. Description templates produce
 * HTML (facts are HTML-escaped); the others produce plain text.
 */
export type TemplateField = "descriptionHtml" | "seoTitle" | "metaDescription" | "altText";

export const TEMPLATE_VARIABLES = [
  "title",
  "vendor",
  "productType",
  "shopName",
  "tags",
  "options",
  "hasOptions",
  "colors",
  "sizes",
  "materials",
  "priceRange",
  "variantTitle",
  "imagePosition",
] as const;

export type TemplateSet = Record<TemplateField, string>;

export const DEFAULT_TEMPLATES: Record<"en" | "fr" | "de", TemplateSet> = {
  en: {
    descriptionHtml:
      "<p>{{title}} by {{vendor}}{{#productType}}, from our {{productType}} range{{/productType}}.</p>{{#hasOptions}}<ul>{{#options}}<li><strong>{{name}}:</strong> {{values}}</li>{{/options}}</ul>{{/hasOptions}}{{#priceRange}}<p>Price: {{priceRange}}.</p>{{/priceRange}}",
    seoTitle: "{{title}} | {{vendor}}",
    metaDescription: "{{title}} by {{vendor}}{{#colors}}, in {{colors}}{{/colors}}. {{#productType}}Shop {{productType}} at {{shopName}}.{{/productType}}",
    altText: "{{title}}{{#variantTitle}} – {{variantTitle}}{{/variantTitle}}",
  },
  fr: {
    descriptionHtml:
      "<p>{{title}} par {{vendor}}{{#productType}}, de notre gamme {{productType}}{{/productType}}.</p>{{#hasOptions}}<ul>{{#options}}<li><strong>{{name}} :</strong> {{values}}</li>{{/options}}</ul>{{/hasOptions}}{{#priceRange}}<p>Prix : {{priceRange}}.</p>{{/priceRange}}",
    seoTitle: "{{title}} | {{vendor}}",
    metaDescription: "{{title}} par {{vendor}}{{#colors}}, en {{colors}}{{/colors}}. {{#productType}}Découvrez nos {{productType}} chez {{shopName}}.{{/productType}}",
    altText: "{{title}}{{#variantTitle}} – {{variantTitle}}{{/variantTitle}}",
  },
  de: {
    descriptionHtml:
      "<p>{{title}} von {{vendor}}{{#productType}}, aus unserem Sortiment {{productType}}{{/productType}}.</p>{{#hasOptions}}<ul>{{#options}}<li><strong>{{name}}:</strong> {{values}}</li>{{/options}}</ul>{{/hasOptions}}{{#priceRange}}<p>Preis: {{priceRange}}.</p>{{/priceRange}}",
    seoTitle: "{{title}} | {{vendor}}",
    metaDescription: "{{title}} von {{vendor}}{{#colors}}, in {{colors}}{{/colors}}. {{#productType}}{{productType}} bei {{shopName}} entdecken.{{/productType}}",
    altText: "{{title}}{{#variantTitle}} – {{variantTitle}}{{/variantTitle}}",
  },
};

export function defaultTemplates(locale: string): TemplateSet {
  const language = locale.toLowerCase().split(/[-_]/)[0];
  return language === "fr" || language === "de" ? DEFAULT_TEMPLATES[language] : DEFAULT_TEMPLATES.en;
}
