import type { ProductSnapshot } from "~/catalog/product-facts.server";
import { generateStructured, type AttemptRecord, type GenerationContext } from "~/models/generate.server";
import { factsFromProduct, renderField, renderTemplates } from "~/templates/render";
import { checkField, findCutHtml, findDuplicateAltTexts } from "./checks";
import { ALT_TEXT_LIMIT, FIELD_LIMITS } from "./limits";
import { copyOutputSchema, type CopyOutput } from "./output-schema";
import { buildInstructions, buildProductData, retryNote } from "./prompt";
import { stripInvisible } from "./facts";
import { descriptionHtmlToText, listDisallowedMarkup, sanitizeDescriptionHtml } from "./sanitize.server";
import { templatesFor, type CopySettings } from "./settings";
import { characterCount, fitsLimit, foldForMatching, shortenAtWordBoundary } from "./text";
import { endsOnDanglingWord } from "./truncation";
import { COPY_FIELDS, type CopyField, type Issue } from "./types";

/**
 * The generation pipeline for one product and one language: facts → prompt →
 * model (through the shop's chain) → checks → one regeneration of fields that
 * failed a hard rule, with the reason → sanitised proposals. Nothing here
 * writes to Shopify; bulk jobs reuse it unchanged.
 */
export interface ProposedValue {
  field: CopyField;
  locale: string;
  /** MediaImage id for alt text, "" otherwise */
  resourceId: string;
  value: string;
  warnings: Issue[];
  /** non-empty: the value failed a hard rule twice and must not be published */
  hardFailures: Issue[];
}

export interface CopyGeneration {
  proposals: ProposedValue[];
  backendId: string;
  modelId: string;
  costMicros: number | null;
  regenerated: CopyField[];
  /** every attempt of the first call, in order: which backends were tried and how each ended */
  attempts: AttemptRecord[];
  /** tokens of the calls that answered (the first, and the regeneration if there was one) */
  usage: { inputTokens: number; cachedInputTokens: number; outputTokens: number };
  /** time spent in model calls (every attempt of both calls), in milliseconds */
  latencyMs: number;
}

export interface GenerateCopyInput {
  shop: string;
  product: ProductSnapshot;
  settings: CopySettings;
  fields: readonly CopyField[];
  locale: string;
  /** SEO texts of other products, for the near-duplicate warning */
  otherProductsSeo?: string[];
  extraInstruction?: string;
  signal?: AbortSignal;
  /** what the ledger records the calls as for (Usage groups by it): a comparison says "compare" */
  purpose?: string;
}

/** The product facts the checks compare copy against; used at generation and again at apply. */
export function factsForChecks(product: ProductSnapshot) {
  return {
    title: product.title,
    descriptionText: product.descriptionText,
    vendor: product.vendor,
    productType: product.productType,
    tags: product.tags,
    options: product.options,
    variants: product.variants.map((variant) => ({ title: variant.title, ...(variant.sku ? { sku: variant.sku } : {}), price: variant.price })),
    metafields: product.metafields,
  };
}

/**
 * Plume's own rules as the model reads them, without the merchant's brand voice, example copy,
 * keywords or per-type notes (copy may rightly echo those): what the prompt-echo check looks for.
 */
export function plumeRules(settings: CopySettings, fields: readonly CopyField[], productType: string): string {
  return buildInstructions({ ...settings, brandVoice: "", exampleCopy: "", keywords: [], bannedWords: [], productTypeInstructions: {} }, fields, productType);
}

/** Product text as plain words: markup and invisible characters in a title are not carried into copy. */
const plain = (text: string) => descriptionHtmlToText(stripInvisible(text)).replace(/\s+/g, " ").trim();

function templateOutput(input: GenerateCopyInput, imageIds: string[]): CopyOutput {
  const facts = factsFromProduct({
    title: plain(input.product.title),
    vendor: plain(input.product.vendor),
    productType: plain(input.product.productType),
    tags: input.product.tags.map(plain),
    options: input.product.options.map((option) => ({ name: plain(option.name), values: option.values.map(plain) })),
    prices: input.product.variants.map((variant) => Number(variant.price)).filter(Number.isFinite),
    currencyCode: input.product.currencyCode,
    shopName: input.product.shopName,
    locale: input.locale,
  });
  const rendered = renderTemplates(templatesFor(input.settings, input.locale), facts);
  // Regenerating a template gives the same text: one that is too long (a 250-character title) is
  // shortened at a word boundary here, where a model's answer would be sent back instead.
  const fit = (field: keyof typeof FIELD_LIMITS, text: string) => {
    const limit = FIELD_LIMITS[field];
    const options = { endsIncomplete: (candidate: string) => endsOnDanglingWord(candidate, input.locale) };
    if (field !== "metaDescription" || fitsLimit(text, limit)) return shortenAtWordBoundary(text, limit, options);
    // A meta description ends a sentence: a shortened one says so with an ellipsis.
    const shortened = shortenAtWordBoundary(text, limit - 1, options);
    return shortened === "" ? "" : `${shortened.replace(/[.!?…]+$/u, "")}…`;
  };
  const output: CopyOutput = {};
  if (input.fields.includes("descriptionHtml")) output.descriptionHtml = rendered.descriptionHtml;
  if (input.fields.includes("seoTitle")) output.seoTitle = fit("seoTitle", rendered.seoTitle);
  if (input.fields.includes("metaDescription")) output.metaDescription = fit("metaDescription", rendered.metaDescription);
  if (input.fields.includes("altText")) {
    const template = templatesFor(input.settings, input.locale).altText;
    const images = imageIds.map((imageId, index) => {
      const image = input.product.images.find((candidate) => candidate.id === imageId);
      const position = image?.position ?? index + 1;
      const variantTitle = sharedVariantLabel((image?.variantTitles ?? []).map(plain));
      return { imageId, position, altText: fit("altText", renderField("altText", template, { ...facts, imagePosition: position, ...(variantTitle ? { variantTitle } : {}) })) };
    });
    output.altTexts = distinctAltTexts(images, input.locale).map(({ imageId, altText }) => ({ imageId, altText }));
  }
  return output;
}

/**
 * What the variants using one image have in common, as a shopper reads it: the option values every
 * title shares ("Blue / S" and "Blue / M" → "Blue"), the title itself for one variant, "" for none.
 */
export function sharedVariantLabel(variantTitles: readonly string[]): string {
  const [first, ...rest] = variantTitles;
  if (first === undefined) return "";
  if (rest.length === 0) return first;
  const split = (title: string) => title.split(" / ").map((value) => value.trim());
  const shared = split(first).filter((value, index) => rest.every((title) => split(title)[index] === value));
  return shared.join(" / ");
}

const VIEW_WORDS: Record<string, string> = { en: "image", fr: "vue", de: "Ansicht" };

/**
 * Templates fill the same facts into every image, so two images of the same variant (or of none)
 * would get one alt text. A repeat gets "– image 2" (in the target language, from the image's
 * position) and is shortened at a word boundary first so it stays within the alt text limit.
 */
export function distinctAltTexts<T extends { position: number; altText: string }>(images: readonly T[], locale: string): T[] {
  const word = VIEW_WORDS[locale.toLowerCase().split(/[-_]/)[0] ?? "en"] ?? VIEW_WORDS.en;
  const seen = new Set<string>();
  const key = (text: string) => foldForMatching(text).replace(/\s+/g, " ").trim();
  return images.map((image) => {
    let altText = image.altText;
    if (altText !== "" && seen.has(key(altText))) {
      const suffix = ` – ${word} ${image.position}`;
      const base = shortenAtWordBoundary(altText, ALT_TEXT_LIMIT - characterCount(suffix), { endsIncomplete: (candidate) => endsOnDanglingWord(candidate, locale) });
      altText = base === "" ? altText : `${base}${suffix}`;
    }
    seen.add(key(altText));
    return { ...image, altText };
  });
}

function toProposals(output: CopyOutput, input: GenerateCopyInput, imageIds: string[]): ProposedValue[] {
  const proposals: ProposedValue[] = [];
  const check = (field: CopyField, rawValue: string, resourceId: string, extraWarnings: Issue[] = [], extraHardFailures: Issue[] = []) => {
    // Invisible characters never reach Shopify, whoever wrote them.
    const value = stripInvisible(rawValue);
    const result = checkField({
      field,
      value,
      targetLocale: input.locale,
      facts: factsForChecks(input.product),
      bannedWords: input.settings.bannedWords,
      otherProductsSeo: input.otherProductsSeo,
      allowLinks: input.settings.allowLinks,
      instructions: plumeRules(input.settings, COPY_FIELDS, input.product.productType),
    });
    proposals.push({ field, locale: input.locale, resourceId, value, warnings: [...extraWarnings, ...result.warnings], hardFailures: [...extraHardFailures, ...result.hardFailures] });
  };
  if (output.descriptionHtml !== undefined) {
    // Model output is untrusted: sanitised before it is checked, stored or shown.
    const removed = listDisallowedMarkup(output.descriptionHtml, { allowLinks: input.settings.allowLinks });
    const clean = sanitizeDescriptionHtml(output.descriptionHtml, { allowLinks: input.settings.allowLinks });
    const warnings: Issue[] =
      removed.tags.length + removed.attributes.length > 0
        ? [{ code: "unsafe_html", message: "markup outside the allow-list was removed", params: { removed: [...removed.tags, ...removed.attributes].join(", ") } }]
        : [];
    // Sanitising closes what a cut reply left open, so a cut is looked for in the raw reply.
    const cut = findCutHtml(output.descriptionHtml);
    check("descriptionHtml", clean, "", warnings, cut ? [cut] : []);
  }
  if (output.seoTitle !== undefined) check("seoTitle", output.seoTitle.trim(), "");
  if (output.metaDescription !== undefined) check("metaDescription", output.metaDescription.trim(), "");
  const altTexts = (output.altTexts ?? []).filter((alt) => imageIds.includes(alt.imageId)); // an id we did not ask about is dropped
  const duplicates = findDuplicateAltTexts(altTexts.map((alt) => ({ imageId: alt.imageId, value: stripInvisible(alt.altText.trim()) })));
  for (const alt of altTexts) {
    const duplicate = duplicates.get(alt.imageId);
    check("altText", alt.altText.trim(), alt.imageId, duplicate ? [duplicate] : []);
  }
  return proposals;
}

export async function generateCopy(context: GenerationContext, input: GenerateCopyInput): Promise<CopyGeneration> {
  const imageIds = input.fields.includes("altText") ? input.product.images.map((image) => image.id) : [];
  const fields = input.fields.filter((field) => field !== "altText" || imageIds.length > 0);
  const instructions = buildInstructions(input.settings, fields, input.product.productType);
  const data = buildProductData(input.product, input.locale, imageIds) + (input.extraInstruction ? `\n\nMerchant's note for this run: ${input.extraInstruction.slice(0, 500)}` : "");
  const call = (requested: readonly CopyField[], note = "") =>
    generateStructured(context, {
      shop: input.shop,
      purpose: input.purpose ?? "product-copy",
      productId: input.product.id,
      schema: copyOutputSchema(requested),
      instructions,
      data: data + note,
      maxOutputTokens: 300 + (requested.includes("descriptionHtml") ? 1200 : 0) + imageIds.length * 80,
      offline: () => templateOutput({ ...input, fields: requested }, imageIds),
      signal: input.signal,
    });

  const first = await call(fields);
  let proposals = toProposals(first.output, input, imageIds);
  let costMicros = first.costMicros;
  const usage = { inputTokens: first.usage.inputTokens, cachedInputTokens: first.usage.cachedInputTokens, outputTokens: first.usage.outputTokens };
  const spent = (attempts: AttemptRecord[]) => attempts.reduce((sum, attempt) => sum + attempt.latencyMs, 0);
  let latencyMs = spent(first.attempts);
  const failing = [...new Set(proposals.filter((proposal) => proposal.hardFailures.length > 0).map((proposal) => proposal.field))];
  if (failing.length > 0 && first.backendId !== "templates") {
    const reasons = proposals.flatMap((proposal) => proposal.hardFailures.map((issue) => `${proposal.field}: ${issue.message}`));
    const second = await call(failing, retryNote(reasons));
    const replaced = toProposals(second.output, input, imageIds);
    proposals = [...proposals.filter((proposal) => !failing.includes(proposal.field)), ...replaced];
    costMicros = costMicros === null || second.costMicros === null ? null : costMicros + second.costMicros;
    usage.inputTokens += second.usage.inputTokens;
    usage.cachedInputTokens += second.usage.cachedInputTokens;
    usage.outputTokens += second.usage.outputTokens;
    latencyMs += spent(second.attempts);
  }
  return { proposals, backendId: first.backendId, modelId: first.modelId, costMicros, regenerated: failing, attempts: first.attempts, usage, latencyMs };
}
