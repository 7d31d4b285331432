/**
 * Translations for PRODUCT (title, body_html, handle, product_type, meta_title,
 * meta_description) and MEDIA_IMAGE (alt) resources.
 *
 * Each translatable value carries a digest, the hex SHA-256 of the source
 * value; `translationsRegister` must quote the digest of the current source or
 * the item is refused with INVALID_TRANSLATABLE_CONTENT ("Translatable content
 * hash is invalid"). Items are validated one by one: valid ones are saved,
 * refused ones come back as userErrors with their index in the field path.
 * A translation whose source changed later reports `outdated: true`.
 */
import { z } from "zod";
import { paginate, idCursorKey } from "../connection";
import { typeResolvers, writeVia, type RequestContext, type ResolverMap } from "../context";
import { invalidGlobalIdError, notEmulatedInputError } from "../errors";
import { userError, type UserErrorValue } from "./user-errors";
import { HANDLE_MAX_LENGTH, SEO_DESCRIPTION_MAX_LENGTH, SEO_TITLE_MAX_LENGTH, TITLE_MAX_LENGTH } from "./product-update";
import { ALT_TEXT_MAX_LENGTH } from "./files";
import { isoDateTime } from "../../time-format";
import { parseGlobalId, type MediaImageRecord, type ProductRecord } from "../../store/records";
import { contentDigest, type TranslationRecord } from "../../store/translations";

type LocalizableContentType = "SINGLE_LINE_TEXT_FIELD" | "MULTI_LINE_TEXT_FIELD" | "HTML" | "URI";

interface ContentField {
  readonly key: string;
  readonly type: LocalizableContentType;
  readonly read: (resource: TranslatableResourceValue) => string | null;
  readonly maxLength?: number;
  readonly label: string;
}

export type TranslatableResourceValue = { readonly kind: "PRODUCT"; readonly product: ProductRecord } | { readonly kind: "MEDIA_IMAGE"; readonly media: MediaImageRecord };

const emptyToNull = (value: string | null): string | null => (value === null || value === "" ? null : value);

const PRODUCT_FIELDS: readonly ContentField[] = [
  { key: "title", type: "SINGLE_LINE_TEXT_FIELD", label: "Title", maxLength: TITLE_MAX_LENGTH, read: (resource) => (resource.kind === "PRODUCT" ? resource.product.title : null) },
  { key: "body_html", type: "HTML", label: "Body html", read: (resource) => (resource.kind === "PRODUCT" ? emptyToNull(resource.product.descriptionHtml) : null) },
  { key: "handle", type: "URI", label: "Handle", maxLength: HANDLE_MAX_LENGTH, read: (resource) => (resource.kind === "PRODUCT" ? resource.product.handle : null) },
  { key: "product_type", type: "SINGLE_LINE_TEXT_FIELD", label: "Product type", maxLength: 255, read: (resource) => (resource.kind === "PRODUCT" ? emptyToNull(resource.product.productType) : null) },
  { key: "meta_title", type: "SINGLE_LINE_TEXT_FIELD", label: "Meta title", maxLength: SEO_TITLE_MAX_LENGTH, read: (resource) => (resource.kind === "PRODUCT" ? resource.product.seo.title : null) },
  {
    key: "meta_description",
    type: "MULTI_LINE_TEXT_FIELD",
    label: "Meta description",
    maxLength: SEO_DESCRIPTION_MAX_LENGTH,
    read: (resource) => (resource.kind === "PRODUCT" ? resource.product.seo.description : null),
  },
];

const MEDIA_FIELDS: readonly ContentField[] = [
  { key: "alt", type: "SINGLE_LINE_TEXT_FIELD", label: "Alt", maxLength: ALT_TEXT_MAX_LENGTH, read: (resource) => (resource.kind === "MEDIA_IMAGE" ? emptyToNull(resource.media.alt) : null) },
];

function fieldsOf(resource: TranslatableResourceValue): readonly ContentField[] {
  return resource.kind === "PRODUCT" ? PRODUCT_FIELDS : MEDIA_FIELDS;
}

function resourceIdOf(resource: TranslatableResourceValue): string {
  return resource.kind === "PRODUCT" ? resource.product.id : resource.media.id;
}

function findResource(context: RequestContext, resourceId: string): TranslatableResourceValue | null {
  const parsed = parseGlobalId(resourceId);
  if (!parsed) throw invalidGlobalIdError(resourceId);
  if (parsed.typeName === "Product") {
    const product = context.shop.catalog.get(parsed.legacyId);
    return product ? { kind: "PRODUCT", product } : null;
  }
  if (parsed.typeName === "MediaImage") {
    const media = context.shop.catalog.getMedia(parsed.legacyId);
    return media ? { kind: "MEDIA_IMAGE", media } : null;
  }
  throw notEmulatedInputError(`Translatable resources of type ${parsed.typeName}`);
}

interface TranslationValue {
  readonly record: TranslationRecord;
  readonly outdated: boolean;
}

function translationsOf(context: RequestContext, resource: TranslatableResourceValue, locale: string): TranslationValue[] {
  const fields = fieldsOf(resource);
  return context.shop.translations.list(resourceIdOf(resource), locale).map((record) => {
    const source = fields.find((field) => field.key === record.key)?.read(resource) ?? null;
    return { record, outdated: source === null || contentDigest(source) !== record.sourceDigest };
  });
}

const queryRoot = typeResolvers<unknown>({
  translatableResource: (_source, rawArgs, context) => findResource(context, z.object({ resourceId: z.string() }).parse(rawArgs).resourceId),
  translatableResources: (_source, rawArgs, context, info) => {
    const { resourceType, reverse } = z.object({ resourceType: z.string(), reverse: z.boolean().nullish() }).parse(rawArgs);
    const products = context.shop.catalog.all();
    let resources: TranslatableResourceValue[];
    if (resourceType === "PRODUCT") resources = products.map((product) => ({ kind: "PRODUCT", product }));
    else if (resourceType === "MEDIA_IMAGE") resources = products.flatMap((product) => product.media.map((media): TranslatableResourceValue => ({ kind: "MEDIA_IMAGE", media })));
    else throw notEmulatedInputError(`translatableResources(resourceType: ${resourceType})`);
    if (reverse) resources.reverse();
    const legacyIdOf = (resource: TranslatableResourceValue): number => (resource.kind === "PRODUCT" ? resource.product.legacyId : resource.media.legacyId);
    const key = idCursorKey(legacyIdOf);
    return paginate(resources, rawArgs, reverse ? { ...key, compareToCursor: (item, cursor) => cursor.last_id - legacyIdOf(item) } : key, context, info);
  },
});

const translatableResource = typeResolvers<TranslatableResourceValue>({
  resourceId: (source) => resourceIdOf(source),
  translatableContent: (source, rawArgs, context) => {
    if (z.object({ marketId: z.string().nullish() }).parse(rawArgs).marketId) throw notEmulatedInputError("translatableContent(marketId:)");
    return fieldsOf(source).map((field) => {
      const value = field.read(source);
      return { key: field.key, value, digest: value === null ? null : contentDigest(value), locale: context.shop.primaryLocale, type: field.type };
    });
  },
  translations: (source, rawArgs, context) => translationsField(context, source, rawArgs),
});

function translationsField(context: RequestContext, resource: TranslatableResourceValue, rawArgs: Record<string, unknown>): TranslationValue[] {
  const args = z.object({ locale: z.string(), outdated: z.boolean().nullish(), marketId: z.string().nullish() }).parse(rawArgs);
  if (args.marketId) throw notEmulatedInputError("translations(marketId:)");
  return translationsOf(context, resource, args.locale).filter((translation) => args.outdated === null || args.outdated === undefined || translation.outdated === args.outdated);
}

const translationInputSchema = z.object({
  key: z.string(),
  value: z.string(),
  locale: z.string(),
  translatableContentDigest: z.string(),
  marketId: z.string().nullish(),
});

function validateTranslation(context: RequestContext, resource: TranslatableResourceValue, input: z.infer<typeof translationInputSchema>, index: number): UserErrorValue | null {
  const at = (field: string): string[] => ["translations", String(index), field];
  if (input.marketId) throw notEmulatedInputError("TranslationInput.marketId");
  const shopLocale = context.shop.locales.find((locale) => locale.locale === input.locale);
  if (!shopLocale) return userError(at("locale"), "Locale is not enabled for this shop", "INVALID_LOCALE_FOR_SHOP");
  if (shopLocale.primary) return userError(at("locale"), "Locale cannot be the same as the shop's primary locale", "INVALID_LOCALE_FOR_SHOP");
  const field = fieldsOf(resource).find((candidate) => candidate.key === input.key);
  if (!field) return userError(at("key"), `Key ${input.key} is not a valid translatable field`, "INVALID_KEY_FOR_MODEL");
  const source = field.read(resource);
  if (source === null || contentDigest(source) !== input.translatableContentDigest) {
    return userError(at("translatableContentDigest"), "Translatable content hash is invalid", "INVALID_TRANSLATABLE_CONTENT");
  }
  if (input.value.trim() === "") return userError(at("value"), "Value can't be blank", "BLANK");
  if (field.maxLength !== undefined && input.value.length > field.maxLength) {
    return userError(at("value"), `${field.label} is too long (maximum is ${field.maxLength} characters)`, "FAILS_RESOURCE_VALIDATION");
  }
  if (field.key === "handle" && !/^[\p{Ll}\p{Lo}\p{N}]+(?:[-_][\p{Ll}\p{Lo}\p{N}]+)*$/u.test(input.value)) {
    return userError(at("value"), "Handle is invalid", "INVALID_VALUE_FOR_HANDLE_TRANSLATION");
  }
  return null;
}

const mutation = typeResolvers<unknown>({
  translationsRegister: (_source, rawArgs, context) => {
    const args = z.object({ resourceId: z.string(), translations: z.array(translationInputSchema) }).parse(rawArgs);
    const resource = findResource(context, args.resourceId);
    if (!resource) return { translations: null, userErrors: [userError(["resourceId"], `Resource ${args.resourceId} does not exist`, "RESOURCE_NOT_FOUND")] };
    const userErrors: UserErrorValue[] = [];
    const saved: TranslationValue[] = [];
    args.translations.forEach((input, index) => {
      const error = validateTranslation(context, resource, input, index);
      if (error) {
        userErrors.push(error);
        return;
      }
      const record: TranslationRecord = { key: input.key, locale: input.locale, value: input.value, sourceDigest: input.translatableContentDigest, updatedAt: context.now };
      context.shop.translations.put(resourceIdOf(resource), record);
      context.store.writes.record(context.shop.domain, { resourceId: resourceIdOf(resource), field: `translation:${input.key}`, locale: input.locale, value: input.value, via: writeVia(context) });
      saved.push({ record, outdated: false });
    });
    return { translations: saved, userErrors };
  },
  translationsRemove: (_source, rawArgs, context) => {
    const args = z
      .object({ resourceId: z.string(), translationKeys: z.array(z.string()), locales: z.array(z.string()), marketIds: z.array(z.string()).nullish() })
      .parse(rawArgs);
    if (args.marketIds && args.marketIds.length > 0) throw notEmulatedInputError("translationsRemove(marketIds:)");
    const resource = findResource(context, args.resourceId);
    if (!resource) return { translations: null, userErrors: [userError(["resourceId"], `Resource ${args.resourceId} does not exist`, "RESOURCE_NOT_FOUND")] };
    const removed = context.shop.translations.remove(resourceIdOf(resource), args.translationKeys, args.locales);
    for (const record of removed) {
      context.store.writes.record(context.shop.domain, { resourceId: resourceIdOf(resource), field: `translation:${record.key}`, locale: record.locale, value: null, via: writeVia(context) });
    }
    return { translations: removed.map((record) => ({ record, outdated: false })), userErrors: [] };
  },
});

export const translationResolvers: ResolverMap = {
  QueryRoot: queryRoot,
  Mutation: mutation,
  TranslatableResource: translatableResource,
  Product: typeResolvers<ProductRecord>({ translations: (source, rawArgs, context) => translationsField(context, { kind: "PRODUCT", product: source }, rawArgs) }),
  MediaImage: typeResolvers<MediaImageRecord>({ translations: (source, rawArgs, context) => translationsField(context, { kind: "MEDIA_IMAGE", media: source }, rawArgs) }),
  TranslatableContent: typeResolvers<{ key: string; value: string | null; digest: string | null; locale: string; type: string }>({
    key: (source) => source.key,
    value: (source) => source.value,
    digest: (source) => source.digest,
    locale: (source) => source.locale,
    type: (source) => source.type,
  }),
  Translation: typeResolvers<TranslationValue>({
    key: (source) => source.record.key,
    value: (source) => source.record.value,
    locale: (source) => source.record.locale,
    outdated: (source) => source.outdated,
    updatedAt: (source) => isoDateTime(source.record.updatedAt),
    market: () => null,
  }),
  TranslationsRegisterPayload: typeResolvers<{ translations: TranslationValue[] | null; userErrors: UserErrorValue[] }>({
    translations: (source) => source.translations,
    userErrors: (source) => source.userErrors,
  }),
  TranslationsRemovePayload: typeResolvers<{ translations: TranslationValue[] | null; userErrors: UserErrorValue[] }>({
    translations: (source) => source.translations,
    userErrors: (source) => source.userErrors,
  }),
};
