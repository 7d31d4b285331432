import { GraphqlQueryError } from "@shopify/shopify-api";
import { z } from "zod";
import { AdminApiError, runAdminQuery, type AdminGraphql } from "~/catalog/admin-client.server";
import type { Database } from "~/db/client.server";
import { logger } from "~/observability/logger.server";
import type { TemplateField } from "~/templates/defaults";
import { validateTemplate } from "~/templates/render";
import { COPY_FIELDS, copySettingsSchema, loadCopySettings, templatesFor, TONE_PRESETS, updateCopySettings, type CopySettings } from "./settings";

/**
 * What Settings → Copy reads and the form intents it may post. Each intent
 * rewrites only its own part of the shop's copy settings; every refusal names
 * the field and an i18n key the page shows next to it.
 */

export const TEMPLATE_LANGUAGES = ["en", "fr", "de"] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

const TEMPLATE_FIELDS = ["descriptionHtml", "seoTitle", "metaDescription", "altText"] as const satisfies readonly TemplateField[];
const PREVIEW_PRODUCTS = 10;

const COPY_SETTINGS_CONTEXT_QUERY = `#graphql
  query PlumeCopySettingsContext($first: Int!) {
    shop {
      name
      currencyCode
    }
    shopLocales {
      locale
      name
      primary
      published
    }
    products(first: $first, sortKey: TITLE) {
      nodes {
        id
        title
        vendor
        productType
        tags
        options(first: 3) {
          name
          optionValues {
            name
          }
        }
        variants(first: 20) {
          nodes {
            title
            price
          }
        }
      }
    }
  }
`;

const PRODUCT_TYPES_QUERY = `#graphql
  query PlumeProductTypes {
    productTypes(first: 250) {
      nodes
    }
  }
`;

const SHOP_LOCALES_QUERY = `#graphql
  query PlumeShopLocales {
    shopLocales {
      locale
      name
      primary
      published
    }
  }
`;

const shopLocaleSchema = z.object({ locale: z.string(), name: z.string(), primary: z.boolean(), published: z.boolean() });

const contextSchema = z.object({
  shop: z.object({ name: z.string(), currencyCode: z.string() }),
  shopLocales: z.array(shopLocaleSchema),
  products: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        vendor: z.string(),
        productType: z.string(),
        tags: z.array(z.string()),
        options: z.array(z.object({ name: z.string(), optionValues: z.array(z.object({ name: z.string() })) })),
        variants: z.object({ nodes: z.array(z.object({ title: z.string(), price: z.string() })) }),
      }),
    ),
  }),
});

const productTypesSchema = z.object({ productTypes: z.object({ nodes: z.array(z.string()) }) });
const shopLocalesSchema = z.object({ shopLocales: z.array(shopLocaleSchema) });

/** A product as the template preview needs it: the inputs of factsFromProduct, minus the language. */
export interface PreviewProduct {
  id: string;
  title: string;
  vendor: string;
  productType: string;
  tags: string[];
  options: Array<{ name: string; values: string[] }>;
  prices: number[];
  variantTitle: string;
}

const isLocaleCode = (locale: string) => copySettingsSchema.shape.translationLocales.unwrap().element.safeParse(locale).success;

/** Locales the merchant may translate into: published, not the primary one, and a code the settings accept. */
function translatableLocales(shopLocales: Array<z.infer<typeof shopLocaleSchema>>) {
  return shopLocales.filter((locale) => locale.published && !locale.primary && isLocaleCode(locale.locale));
}

/** The schema's own bounds, so the page shows the limits the server enforces. */
export function lengthLimits() {
  const targets = copySettingsSchema.shape.lengthTargets.unwrap().shape;
  const bounds = (schema: z.ZodDefault<z.ZodNumber>) => ({ min: schema.unwrap().minValue ?? 0, max: schema.unwrap().maxValue ?? 0 });
  return {
    descriptionWords: bounds(targets.descriptionWords),
    seoTitleCharacters: bounds(targets.seoTitleCharacters),
    metaDescriptionCharacters: bounds(targets.metaDescriptionCharacters),
  };
}

/** The shop's product types for suggestions. If the query fails, the sample products still suggest theirs, and the page says so. */
async function loadProductTypes(admin: AdminGraphql, shop: string): Promise<string[] | null> {
  try {
    const data = await runAdminQuery(admin, "PlumeProductTypes", PRODUCT_TYPES_QUERY, productTypesSchema);
    return data.productTypes.nodes;
  } catch (error) {
    if (!(error instanceof AdminApiError || error instanceof GraphqlQueryError)) throw error;
    logger.warn({ shop, operation: "PlumeProductTypes", error: error.message }, "product types unavailable; suggesting the sample products' types");
    return null;
  }
}

/** The language's name in the merchant's admin language ("allemand" for de in French), or Shopify's English name. */
function languageName(locale: string, fallback: string, adminLocale: string): string {
  try {
    return new Intl.DisplayNames([adminLocale], { type: "language" }).of(locale) ?? fallback;
  } catch {
    return fallback;
  }
}

export async function loadCopySettingsPage(database: Database, admin: AdminGraphql, shop: string, adminLocale: string) {
  const [settings, context, productTypes] = await Promise.all([
    loadCopySettings(database, shop),
    runAdminQuery(admin, "PlumeCopySettingsContext", COPY_SETTINGS_CONTEXT_QUERY, contextSchema, { first: PREVIEW_PRODUCTS }),
    loadProductTypes(admin, shop),
  ]);
  const products: PreviewProduct[] = context.products.nodes.map((node) => {
    const firstVariant = node.variants.nodes[0]?.title ?? "";
    return {
      id: node.id,
      title: node.title,
      vendor: node.vendor,
      productType: node.productType,
      tags: node.tags,
      options: node.options.map((option) => ({ name: option.name, values: option.optionValues.map((value) => value.name) })),
      prices: node.variants.nodes.map((variant) => Number(variant.price)).filter((price) => Number.isFinite(price)),
      variantTitle: firstVariant === "Default Title" ? "" : firstVariant,
    };
  });
  const suggestedTypes = productTypes ?? products.map((product) => product.productType);
  const templates = Object.fromEntries(TEMPLATE_LANGUAGES.map((language) => [language, templatesFor(settings, language)])) as Record<
    TemplateLanguage,
    ReturnType<typeof templatesFor>
  >;
  return {
    settings,
    templates,
    customizedTemplates: TEMPLATE_LANGUAGES.filter((language) => language in settings.templates),
    locales: translatableLocales(context.shopLocales).map(({ locale, name }) => ({ locale, name: languageName(locale, name, adminLocale) })),
    primaryLocale: context.shopLocales.find((locale) => locale.primary)?.locale ?? "en",
    shopName: context.shop.name,
    currencyCode: context.shop.currencyCode,
    products,
    productTypes: [...new Set(suggestedTypes.map((type) => type.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b)),
    /** "shop": the shop's own product types; "sample": the query failed, so only the preview products' types (the page says so). */
    productTypesSource: productTypes === null ? ("sample" as const) : ("shop" as const),
    limits: lengthLimits(),
  };
}

// ---------------------------------------------------------------------------
// Form intents

const ERROR = {
  invalid: "copySettings.errors.invalid",
  tooLong: "copySettings.errors.tooLong",
  tooMany: "copySettings.errors.tooMany",
  unknownTone: "copySettings.errors.unknownTone",
  fieldsRequired: "copySettings.errors.fieldsRequired",
  unknownField: "copySettings.errors.unknownField",
  badLocale: "copySettings.errors.badLocale",
  localeNotPublished: "copySettings.errors.localeNotPublished",
  wholeNumber: "copySettings.errors.wholeNumber",
  outOfRange: "copySettings.errors.outOfRange",
  productTypeRequired: "copySettings.errors.productTypeRequired",
  instructionRequired: "copySettings.errors.instructionRequired",
  duplicateProductType: "copySettings.errors.duplicateProductType",
  templateSyntax: "copySettings.errors.templateSyntax",
} as const;

export const COPY_SETTINGS_ERROR_KEYS = Object.values(ERROR);

/** Splits comma- or newline-separated text into distinct entries, keeping the first spelling of each. */
export function splitList(text: string): string[] {
  const seen = new Set<string>();
  const entries: string[] = [];
  for (const part of text.split(/[,\n\r]+/)) {
    const entry = part.trim().replace(/\s+/g, " ");
    if (!entry || seen.has(entry.toLocaleLowerCase())) continue;
    seen.add(entry.toLocaleLowerCase());
    entries.push(entry);
  }
  return entries;
}

const wordList = (maxEntries: number) =>
  z
    .string()
    .max(20_000, { error: ERROR.tooLong })
    .transform(splitList)
    .pipe(z.array(z.string().max(80, { error: ERROR.tooLong })).max(maxEntries, { error: ERROR.tooMany }));

const commaList = z
  .string()
  .max(2000, { error: ERROR.tooLong })
  .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean));

const onOff = z.enum(["on", "off"], { error: ERROR.invalid }).transform((value) => value === "on");

const lengthTarget = (bounds: { min: number; max: number }) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, { error: ERROR.wholeNumber })
    .transform(Number)
    .pipe(z.number().min(bounds.min, { error: ERROR.outOfRange }).max(bounds.max, { error: ERROR.outOfRange }));

const limits = lengthLimits();
const templateText = (max: number) => z.string().max(max, { error: ERROR.tooLong });

const instructionRowsSchema = z
  .string()
  .max(200_000, { error: ERROR.tooLong })
  .transform((value, context) => {
    try {
      return JSON.parse(value || "[]") as unknown;
    } catch {
      context.addIssue({ code: "custom", message: ERROR.invalid });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(
        z.object({
          productType: z.string().trim().min(1, { error: ERROR.productTypeRequired }).max(120, { error: ERROR.tooLong }),
          instruction: z.string().trim().min(1, { error: ERROR.instructionRequired }).max(1000, { error: ERROR.tooLong }),
        }),
        { error: ERROR.invalid },
      )
      .max(100, { error: ERROR.tooMany })
      .superRefine((rows, context) => {
        const seen = new Set<string>();
        rows.forEach((row, index) => {
          const key = row.productType.toLocaleLowerCase();
          if (seen.has(key)) context.addIssue({ code: "custom", message: ERROR.duplicateProductType, path: [index, "productType"] });
          seen.add(key);
        });
      }),
  );

export const copySettingsIntentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save-voice"),
    tone: z.enum(TONE_PRESETS, { error: ERROR.unknownTone }),
    brandVoice: z.string().trim().max(2000, { error: ERROR.tooLong }),
    exampleCopy: z.string().trim().max(4000, { error: ERROR.tooLong }),
  }),
  z.object({ intent: z.literal("save-words"), keywords: wordList(30), bannedWords: wordList(100) }),
  z.object({
    intent: z.literal("save-fields"),
    fields: commaList.pipe(z.array(z.enum(COPY_FIELDS, { error: ERROR.unknownField })).min(1, { error: ERROR.fieldsRequired })),
    writePolicy: z.enum(["fill_blanks", "overwrite"], { error: ERROR.invalid }),
    allowLinks: onOff,
  }),
  z.object({
    intent: z.literal("save-languages"),
    translationLocales: commaList.pipe(
      z
        .array(z.string().refine(isLocaleCode, { error: ERROR.badLocale }))
        .max(20, { error: ERROR.tooMany })
        .transform((locales) => [...new Set(locales)]),
    ),
  }),
  z.object({
    intent: z.literal("save-lengths"),
    descriptionWords: lengthTarget(limits.descriptionWords),
    seoTitleCharacters: lengthTarget(limits.seoTitleCharacters),
    metaDescriptionCharacters: lengthTarget(limits.metaDescriptionCharacters),
  }),
  z.object({ intent: z.literal("save-instructions"), rows: instructionRowsSchema }),
  z
    .object({
      intent: z.literal("save-templates"),
      language: z.enum(TEMPLATE_LANGUAGES, { error: ERROR.invalid }),
      descriptionHtml: templateText(5000),
      seoTitle: templateText(500),
      metaDescription: templateText(1000),
      altText: templateText(500),
    })
    .superRefine((templates, context) => {
      for (const field of TEMPLATE_FIELDS) {
        try {
          validateTemplate(templates[field]);
        } catch {
          context.addIssue({ code: "custom", message: ERROR.templateSyntax, path: [field] });
        }
      }
    }),
  z.object({ intent: z.literal("reset-templates"), language: z.enum(TEMPLATE_LANGUAGES, { error: ERROR.invalid }) }),
]);

export type CopySettingsIntent = z.infer<typeof copySettingsIntentSchema>;

/** The sections the page's one save bar saves together (every intent but the template reset). */
export const SECTION_INTENTS = ["save-voice", "save-words", "save-fields", "save-languages", "save-lengths", "save-instructions", "save-templates"] as const;
export type SectionIntent = (typeof SECTION_INTENTS)[number];

const saveAllSchema = z.object({
  intent: z.literal("save-all"),
  sections: z
    .string()
    .max(400_000, { error: ERROR.tooLong })
    .transform((value, context) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: ERROR.invalid });
        return z.NEVER;
      }
    })
    .pipe(
      z
        .array(z.looseObject({ intent: z.enum(SECTION_INTENTS, { error: ERROR.invalid }) }), { error: ERROR.invalid })
        .min(1, { error: ERROR.invalid })
        .max(SECTION_INTENTS.length, { error: ERROR.invalid })
        .refine((sections) => new Set(sections.map((section) => section.intent)).size === sections.length, { error: ERROR.invalid }),
    ),
});

export type CopySettingsActionResult =
  | { ok: true; intent: CopySettingsIntent["intent"] | "save-all"; saved?: SectionIntent[] }
  | { ok: false; intent: string; errors: Record<string, string> };

const KNOWN_ERRORS = new Set<string>(COPY_SETTINGS_ERROR_KEYS);

/** Zod issues → one i18n key per field ("fields", "rows.2.productType", …); the first issue of a field wins. */
function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    // An element of a plain list is reported on the list; a row of a table keeps its row and column.
    const path = issue.path.length > 1 && typeof issue.path[1] === "number" && issue.path.length === 2 ? issue.path.slice(0, 1) : issue.path;
    const key = path.map(String).join(".") || "form";
    errors[key] ??= KNOWN_ERRORS.has(issue.message) ? issue.message : ERROR.invalid;
  }
  return errors;
}

/** Errors no typing in the page can produce: an unknown intent, bad JSON, a value outside the page's own choices. */
const STRUCTURAL_ERRORS = new Set<string>([ERROR.invalid, ERROR.unknownTone, ERROR.unknownField, ERROR.badLocale]);

export function isMalformedCopySettingsRequest(errors: Record<string, string>): boolean {
  return Object.values(errors).some((message) => STRUCTURAL_ERRORS.has(message));
}

export interface CopySettingsContext {
  database: Database;
  /** Only save-languages reads the shop (to refuse a locale it does not publish). */
  admin: AdminGraphql;
  shop: string;
}

type Applied = { settings: CopySettings } | { errors: Record<string, string> };

async function applyIntent(context: CopySettingsContext, intent: CopySettingsIntent, current: CopySettings): Promise<Applied> {
  const next = (settings: CopySettings): Applied => ({ settings });
  switch (intent.intent) {
    case "save-voice":
      return next({ ...current, tone: intent.tone, brandVoice: intent.brandVoice, exampleCopy: intent.exampleCopy });
    case "save-words":
      return next({ ...current, keywords: intent.keywords, bannedWords: intent.bannedWords });
    case "save-fields":
      return next({ ...current, fields: COPY_FIELDS.filter((field) => intent.fields.includes(field)), writePolicy: intent.writePolicy, allowLinks: intent.allowLinks });
    case "save-languages": {
      const { shopLocales } = await runAdminQuery(context.admin, "PlumeShopLocales", SHOP_LOCALES_QUERY, shopLocalesSchema);
      const offered = new Set(translatableLocales(shopLocales).map((locale) => locale.locale));
      if (intent.translationLocales.some((locale) => !offered.has(locale))) return { errors: { translationLocales: ERROR.localeNotPublished } };
      return next({ ...current, translationLocales: intent.translationLocales });
    }
    case "save-lengths":
      return next({
        ...current,
        lengthTargets: {
          descriptionWords: intent.descriptionWords,
          seoTitleCharacters: intent.seoTitleCharacters,
          metaDescriptionCharacters: intent.metaDescriptionCharacters,
        },
      });
    case "save-instructions":
      return next({ ...current, productTypeInstructions: Object.fromEntries(intent.rows.map((row) => [row.productType, row.instruction])) });
    case "save-templates": {
      const { language, descriptionHtml, seoTitle, metaDescription, altText } = intent;
      return next({ ...current, templates: { ...current.templates, [language]: { descriptionHtml, seoTitle, metaDescription, altText } } });
    }
    case "reset-templates": {
      const templates = { ...current.templates };
      delete templates[intent.language];
      return next({ ...current, templates });
    }
  }
}

/** Applies intents in order to the stored settings, in one compare-and-set write (see updateCopySettings). */
async function applyAndSave(context: CopySettingsContext, intents: CopySettingsIntent[], errorPrefix: (intent: CopySettingsIntent) => string) {
  return updateCopySettings<Record<string, string>>(context.database, context.shop, async (current) => {
    let settings = current;
    for (const intent of intents) {
      const applied = await applyIntent(context, intent, settings);
      if ("errors" in applied) {
        return { refused: Object.fromEntries(Object.entries(applied.errors).map(([field, key]) => [`${errorPrefix(intent)}${field}`, key])) };
      }
      settings = applied.settings;
    }
    return { settings };
  });
}

/**
 * The page's one save: every edited section in one action and one write. Each
 * section is checked as its own intent; errors come back keyed by section and
 * field ("save-voice.brandVoice"), and nothing is saved unless every section passes.
 */
async function runSaveAll(context: CopySettingsContext, form: Record<string, unknown>): Promise<CopySettingsActionResult> {
  const parsed = saveAllSchema.safeParse(form);
  if (!parsed.success) return { ok: false, intent: "save-all", errors: fieldErrors(parsed.error) };
  const errors: Record<string, string> = {};
  const intents: CopySettingsIntent[] = [];
  for (const section of parsed.data.sections) {
    const checked = copySettingsIntentSchema.safeParse(section);
    if (checked.success) intents.push(checked.data);
    else for (const [field, key] of Object.entries(fieldErrors(checked.error))) errors[`${section.intent}.${field}`] = key;
  }
  if (Object.keys(errors).length > 0) return { ok: false, intent: "save-all", errors };
  const outcome = await applyAndSave(context, intents, (intent) => `${intent.intent}.`);
  if ("refused" in outcome) return { ok: false, intent: "save-all", errors: outcome.refused };
  return { ok: true, intent: "save-all", saved: intents.map((intent) => intent.intent as SectionIntent) };
}

export async function runCopySettingsIntent(context: CopySettingsContext, form: Record<string, unknown>): Promise<CopySettingsActionResult> {
  if (form.intent === "save-all") return runSaveAll(context, form);
  const parsed = copySettingsIntentSchema.safeParse(form);
  const intentName = typeof form.intent === "string" ? form.intent : "";
  if (!parsed.success) return { ok: false, intent: intentName, errors: fieldErrors(parsed.error) };
  const intent = parsed.data;
  const outcome = await applyAndSave(context, [intent], () => "");
  if ("refused" in outcome) return { ok: false, intent: intent.intent, errors: outcome.refused };
  return { ok: true, intent: intent.intent };
}
