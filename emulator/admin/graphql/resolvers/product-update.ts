/**
 * `productUpdate(product: ProductUpdateInput)`, the form current API versions
 * use. The deprecated `input:` form is still in the 2026-10 schema (deprecated
 * "Use `product` instead."); calling it fails here so new code cannot rely on it.
 *
 * Validation mirrors Shopify's limits and wording: title 255 characters, body
 * 512 KB, handles unique and made of letters, digits, "-" and "_". SEO fields
 * use the limits Shopify documents for the search engine listing (70 and 320
 * characters). Any userError rejects the whole update, as on Shopify.
 */
import { z } from "zod";
import { typeResolvers, writeVia, type RequestContext, type ResolverMap } from "../context";
import { invalidGlobalIdError, notEmulatedInputError } from "../errors";
import { userError, type UserErrorValue } from "./user-errors";
import { VERTICALS } from "../../seed/vocabulary";
import { MetafieldRecord, parseGlobalId, type ProductRecord, type TaxonomyCategoryRecord } from "../../store/records";

export const TITLE_MAX_LENGTH = 255;
export const HANDLE_MAX_LENGTH = 255;
export const SEO_TITLE_MAX_LENGTH = 70;
export const SEO_DESCRIPTION_MAX_LENGTH = 320;
export const BODY_HTML_MAX_BYTES = 512 * 1024;
export const TAG_MAX_LENGTH = 255;

const HANDLE_PATTERN = /^[\p{Ll}\p{Lo}\p{N}]+(?:[-_][\p{Ll}\p{Lo}\p{N}]+)*$/u;

const metafieldInputSchema = z.object({
  id: z.string().nullish(),
  namespace: z.string().nullish(),
  key: z.string().nullish(),
  value: z.string().nullish(),
  type: z.string().nullish(),
});

const productUpdateInputSchema = z.object({
  id: z.string().nullish(),
  title: z.string().nullish(),
  descriptionHtml: z.string().nullish(),
  handle: z.string().nullish(),
  productType: z.string().nullish(),
  vendor: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  status: z.enum(["ACTIVE", "ARCHIVED", "DRAFT", "UNLISTED"]).nullish(),
  seo: z.object({ title: z.string().nullish(), description: z.string().nullish() }).nullish(),
  redirectNewHandle: z.boolean().nullish(),
  metafields: z.array(metafieldInputSchema).nullish(),
  category: z.string().nullish(),
  templateSuffix: z.string().nullish(),
});
type ProductUpdateInput = z.infer<typeof productUpdateInputSchema>;

/** Defaults graphql-js fills in for input fields the emulator does not model; any other value is refused. */
const TOLERATED_DEFAULTS: Readonly<Record<string, unknown>> = {
  deleteConflictingConstrainedMetafields: false,
};

const argsSchema = z.object({
  product: z.record(z.string(), z.unknown()).nullish(),
  input: z.unknown().optional(),
  media: z.unknown().optional(),
  identifier: z.object({ id: z.string().nullish(), handle: z.string().nullish(), customId: z.unknown().optional() }).nullish(),
});

const KNOWN_CATEGORIES: ReadonlyMap<string, TaxonomyCategoryRecord> = new Map(
  Object.values(VERTICALS).flatMap((vertical) => vertical.categories.map((category) => [category.id, category] as const)),
);

function tooLong(label: string, maximum: number): string {
  return `${label} is too long (maximum is ${maximum} characters)`;
}

function findTarget(context: RequestContext, input: ProductUpdateInput, identifier: z.infer<typeof argsSchema>["identifier"]): ProductRecord | null {
  if (identifier?.customId !== undefined && identifier.customId !== null) throw notEmulatedInputError("ProductUpdateIdentifiers.customId");
  const handle = identifier?.handle;
  if (handle) return context.shop.catalog.getByHandle(handle) ?? null;
  const id = identifier?.id ?? input.id;
  if (!id) return null;
  const parsed = parseGlobalId(id);
  if (!parsed) throw invalidGlobalIdError(id);
  return parsed.typeName === "Product" ? (context.shop.catalog.get(parsed.legacyId) ?? null) : null;
}

function validate(context: RequestContext, product: ProductRecord, input: ProductUpdateInput): UserErrorValue[] {
  const errors: UserErrorValue[] = [];
  if (input.title !== undefined && input.title !== null) {
    if (input.title.trim() === "") errors.push(userError(["title"], "Title can't be blank"));
    else if (input.title.length > TITLE_MAX_LENGTH) errors.push(userError(["title"], tooLong("Title", TITLE_MAX_LENGTH)));
  }
  if (input.handle !== undefined && input.handle !== null) {
    if (input.handle === "") errors.push(userError(["handle"], "Handle can't be blank"));
    else if (input.handle.length > HANDLE_MAX_LENGTH) errors.push(userError(["handle"], tooLong("Handle", HANDLE_MAX_LENGTH)));
    else if (!HANDLE_PATTERN.test(input.handle)) errors.push(userError(["handle"], "Handle is invalid"));
    else if (context.shop.catalog.handleTaken(input.handle, product.legacyId)) errors.push(userError(["handle"], `Handle '${input.handle}' already in use. Please provide a new handle.`));
  }
  if (input.vendor && input.vendor.length > 255) errors.push(userError(["vendor"], tooLong("Vendor", 255)));
  if (input.productType && input.productType.length > 255) errors.push(userError(["productType"], tooLong("Product type", 255)));
  if (input.descriptionHtml && Buffer.byteLength(input.descriptionHtml, "utf8") > BODY_HTML_MAX_BYTES) errors.push(userError(["descriptionHtml"], "Body html is too big (maximum is 512 KB)"));
  input.tags?.forEach((tag, index) => {
    if (tag.length > TAG_MAX_LENGTH) errors.push(userError(["tags", index], tooLong("Tag", TAG_MAX_LENGTH)));
  });
  if (input.seo?.title && input.seo.title.length > SEO_TITLE_MAX_LENGTH) errors.push(userError(["seo", "title"], tooLong("Meta title", SEO_TITLE_MAX_LENGTH)));
  if (input.seo?.description && input.seo.description.length > SEO_DESCRIPTION_MAX_LENGTH) errors.push(userError(["seo", "description"], tooLong("Meta description", SEO_DESCRIPTION_MAX_LENGTH)));
  if (input.category && !KNOWN_CATEGORIES.has(input.category)) errors.push(userError(["category"], "Category does not exist"));
  input.metafields?.forEach((metafield, index) => {
    if (metafield.id) return;
    if (!metafield.namespace || metafield.namespace.length < 3) errors.push(userError(["metafields", index, "namespace"], "Namespace is too short (minimum is 3 characters)"));
    if (!metafield.key || metafield.key.length < 2) errors.push(userError(["metafields", index, "key"], "Key is too short (minimum is 2 characters)"));
    if (metafield.value === undefined || metafield.value === null) errors.push(userError(["metafields", index, "value"], "Value can't be blank"));
    if (!metafield.type && !product.metafields.some((existing) => existing.namespace === metafield.namespace && existing.key === metafield.key))
      errors.push(userError(["metafields", index, "type"], "Type can't be blank"));
  });
  return errors;
}

function applyMetafields(context: RequestContext, product: ProductRecord, inputs: readonly z.infer<typeof metafieldInputSchema>[]): void {
  for (const input of inputs) {
    const existing = input.id
      ? product.metafields.find((metafield) => metafield.id === input.id)
      : product.metafields.find((metafield) => metafield.namespace === input.namespace && metafield.key === input.key);
    if (existing) {
      if (input.value !== undefined && input.value !== null) existing.value = input.value;
      if (input.type) existing.type = input.type;
      existing.updatedAt = context.now;
    } else if (input.namespace && input.key && input.value !== undefined && input.value !== null && input.type) {
      product.metafields.push(new MetafieldRecord(context.shop.catalog.ids.allocate("metafield"), input.namespace, input.key, input.type, input.value, context.now, context.now));
    }
  }
}

function apply(context: RequestContext, product: ProductRecord, input: ProductUpdateInput): void {
  const previousHandle = product.handle;
  if (input.title !== undefined && input.title !== null) product.title = input.title;
  if (input.descriptionHtml !== undefined && input.descriptionHtml !== null) product.descriptionHtml = input.descriptionHtml;
  if (input.vendor !== undefined && input.vendor !== null) product.vendor = input.vendor;
  if (input.productType !== undefined && input.productType !== null) product.productType = input.productType;
  if (input.tags !== undefined && input.tags !== null) product.tags = [...new Set(input.tags.map((tag) => tag.trim()).filter((tag) => tag !== ""))];
  if (input.status) {
    product.status = input.status;
    if (input.status === "ACTIVE" && product.publishedAt === null) product.publishedAt = context.now;
  }
  if (input.templateSuffix !== undefined) product.templateSuffix = input.templateSuffix;
  if (input.seo) {
    product.seo = {
      title: input.seo.title === undefined ? product.seo.title : input.seo.title || null,
      description: input.seo.description === undefined ? product.seo.description : input.seo.description || null,
    };
  }
  const log = (field: "descriptionHtml" | "seo.title" | "seo.description", value: string | null) =>
    context.store.writes.record(context.shop.domain, { resourceId: product.id, field, locale: null, value, via: writeVia(context) });
  if (input.descriptionHtml !== undefined && input.descriptionHtml !== null) log("descriptionHtml", input.descriptionHtml);
  if (input.seo?.title !== undefined) log("seo.title", product.seo.title);
  if (input.seo?.description !== undefined) log("seo.description", product.seo.description);
  if (input.category) product.category = KNOWN_CATEGORIES.get(input.category) ?? product.category;
  if (input.metafields) applyMetafields(context, product, input.metafields);
  if (input.handle && input.handle !== previousHandle) {
    product.handle = input.handle;
    context.shop.catalog.rehandle(product, previousHandle);
  }
  context.store.productChanged(context.shop, product);
}

const mutation = typeResolvers<unknown>({
  productUpdate: (_source, rawArgs, context) => {
    const args = argsSchema.parse(rawArgs);
    if (args.input !== undefined && args.input !== null) {
      throw notEmulatedInputError("productUpdate(input:), deprecated in favour of productUpdate(product:),");
    }
    if (args.media !== undefined && args.media !== null) throw notEmulatedInputError("The media argument of productUpdate");
    const raw = args.product ?? {};
    for (const [key, value] of Object.entries(raw)) {
      if (key in productUpdateInputSchema.shape || value === undefined || value === null || value === TOLERATED_DEFAULTS[key]) continue;
      throw notEmulatedInputError(`ProductUpdateInput.${key}`);
    }
    const input = productUpdateInputSchema.parse(raw);
    const product = findTarget(context, input, args.identifier);
    if (!product) return { product: null, userErrors: [userError(["id"], "Product does not exist")] };
    const userErrors = validate(context, product, input);
    if (userErrors.length > 0) return { product: null, userErrors };
    apply(context, product, input);
    return { product, userErrors: [] };
  },
});

export const productUpdateResolvers: ResolverMap = {
  Mutation: mutation,
  ProductUpdatePayload: typeResolvers<{ product: ProductRecord | null; userErrors: UserErrorValue[] }>({
    product: (source) => source.product,
    userErrors: (source) => source.userErrors,
  }),
};
