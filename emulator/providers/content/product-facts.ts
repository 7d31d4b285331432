/**
 * Reads the product facts Plume puts between <product_data> markers. The block is
 * untrusted input like any other: parsed leniently with zod, then cleaned, so a
 * malformed or hostile product yields plain, safe facts.
 */
import { z } from "zod";
import { cleanProductLabel, cleanProductText } from "./sanitize";

const looseString = z.string().optional().catch(undefined);
const looseStrings = z.array(z.string().catch("")).catch([]);

const rawFactsSchema = z.object({
  title: looseString,
  vendor: looseString,
  productType: looseString,
  tags: looseStrings.optional(),
  options: z.array(z.object({ name: z.string().catch(""), values: looseStrings }).catch({ name: "", values: [] })).catch([]).optional(),
  variants: z
    .array(
      z
        .object({ title: looseString, price: z.union([z.string(), z.number()]).optional().catch(undefined), sku: looseString })
        .catch({ title: undefined, price: undefined, sku: undefined }),
    )
    .catch([])
    .optional(),
  description: looseString,
  images: z.array(z.object({ id: z.string(), alt: z.string().nullable().optional().catch(null) }).nullable().catch(null)).catch([]).optional(),
  targetLocale: looseString,
  currency: looseString,
});

export type SupportedLocale = "en" | "fr" | "de" | "es";
const SUPPORTED_LOCALES: readonly SupportedLocale[] = ["en", "fr", "de", "es"];

export interface ProductImage {
  id: string;
  existingAlt: string;
}

export interface ProductFacts {
  title: string;
  vendor: string;
  productType: string;
  tags: string[];
  options: { name: string; values: string[] }[];
  variantCount: number;
  /** Lowest variant price, as a number, when any variant has one. */
  lowestPrice: number | undefined;
  currency: string | undefined;
  /** Cleaned sentences of the existing description. */
  descriptionSentences: string[];
  images: ProductImage[];
  /** The locale copy is written in. */
  locale: SupportedLocale;
  /** What the prompt asked for ("fr-CA"), echoed where a schema asks for a locale. */
  requestedLocale: string;
}

/** A BCP 47-looking tag; anything else in targetLocale is not echoed back. */
const LOCALE_TAG = /^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8}){0,2}$/;
const PRODUCT_DATA_PATTERN = /<product_data>([\s\S]*?)<\/product_data>/g;

export function toSupportedLocale(locale: string | undefined): SupportedLocale {
  const language = (locale ?? "en").trim().toLowerCase().split(/[-_]/)[0] ?? "en";
  return (SUPPORTED_LOCALES as readonly string[]).includes(language) ? (language as SupportedLocale) : "en";
}

function parsePrice(price: string | number | undefined): number | undefined {
  if (price === undefined) return undefined;
  const value = typeof price === "number" ? price : Number(price.replace(/[^\d.,-]/g, "").replace(",", "."));
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Non-empty values, first spelling kept, compared without case. */
export function distinct(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (value === "" || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function rawFactsFrom(conversation: string, lastUserMessage: string): z.infer<typeof rawFactsSchema> {
  const blocks = [...conversation.matchAll(PRODUCT_DATA_PATTERN)];
  const block = blocks[blocks.length - 1]?.[1];
  if (block === undefined) return rawFactsSchema.parse({ title: lastUserMessage.slice(0, 300) });
  try {
    return rawFactsSchema.parse(JSON.parse(block));
  } catch {
    return rawFactsSchema.parse({ title: block.slice(0, 300) });
  }
}

export function extractProductFacts(conversation: string, lastUserMessage: string): ProductFacts {
  const raw = rawFactsFrom(conversation, lastUserMessage);
  const prices = (raw.variants ?? []).map((variant) => parsePrice(variant.price)).filter((price): price is number => price !== undefined);
  const options = (raw.options ?? [])
    .map((option) => ({ name: cleanProductLabel(option.name), values: distinct(option.values.map(cleanProductLabel)) }))
    .filter((option) => option.name !== "" && option.values.length > 0 && !(option.name === "Title" && option.values[0] === "Default Title"));
  const images = (raw.images ?? [])
    .filter((image): image is { id: string; alt?: string | null } => image !== null && image.id.trim() !== "")
    .map((image) => ({ id: image.id.trim(), existingAlt: cleanProductLabel(image.alt ?? "") }));
  const productType = cleanProductLabel(raw.productType ?? "");
  const vendor = cleanProductLabel(raw.vendor ?? "");
  const locale = toSupportedLocale(raw.targetLocale);
  const title = cleanProductLabel(raw.title ?? "");
  return {
    title: title === "" ? productType : title,
    vendor,
    productType,
    tags: distinct((raw.tags ?? []).map(cleanProductLabel)),
    options,
    variantCount: raw.variants?.length ?? 0,
    lowestPrice: prices.length > 0 ? Math.min(...prices) : undefined,
    currency: raw.currency !== undefined && /^[A-Z]{3}$/.test(raw.currency) ? raw.currency : undefined,
    descriptionSentences: cleanProductText(raw.description ?? "")
      .split(/(?<=[.!?])\s+/)
      .filter((sentence) => sentence.length > 0),
    images,
    locale,
    requestedLocale: raw.targetLocale !== undefined && LOCALE_TAG.test(raw.targetLocale.trim()) ? raw.targetLocale.trim() : locale,
  };
}
