/**
 * Product reads: `products`, `productsCount`, `product`, and the Product,
 * ProductVariant (with the media each variant uses), ProductOption, Metafield and taxonomy fields Plume uses.
 */
import { responsePathAsArray, type GraphQLResolveInfo } from "graphql";
import { z } from "zod";
import { paginate, idCursorKey, type CursorKey } from "../connection";
import { propertyResolvers, typeResolvers, type RequestContext, type ResolverMap } from "../context";
import { invalidGlobalIdError, notEmulatedInputError } from "../errors";
import { compileProductSearch, productsArgsSchema, rejectSavedSearch, sortProducts } from "./product-query";
import { htmlToPlainText } from "../html-text";
import { isoDateTime } from "../../time-format";
import { parseGlobalId, variantMedia, type MetafieldRecord, type ProductOptionRecord, type ProductRecord, type VariantRecord } from "../../store/records";

function recordSearchWarnings(context: RequestContext, path: readonly (string | number)[], query: string, warnings: readonly { field: string; message: string }[]): void {
  if (warnings.length > 0) context.searchWarnings.push({ path, query, warnings });
}

export function filteredProducts(context: RequestContext, query: string | null | undefined, path: readonly (string | number)[]): ProductRecord[] {
  const search = compileProductSearch(query);
  if (query) recordSearchWarnings(context, path, query, search.warnings);
  const all = context.shop.catalog.all();
  if (!query) return [...all];
  return all.filter(search.matches);
}

export function productById(context: RequestContext, id: string): ProductRecord | null {
  const parsed = parseGlobalId(id);
  if (!parsed) throw invalidGlobalIdError(id);
  if (parsed.typeName !== "Product") return null;
  return context.shop.catalog.get(parsed.legacyId) ?? null;
}

const COUNT_LIMIT_DEFAULT = 10_000;

/**
 * The distinct product types of the shop's products (blank ones left out), as
 * `productTypes` returns them: a StringConnection in alphabetical order. A
 * cursor holds the type itself, so it survives products being added.
 */
export function shopProductTypes(context: RequestContext): string[] {
  const types = new Set<string>();
  for (const product of context.shop.catalog.all()) if (product.productType.trim()) types.add(product.productType);
  return [...types].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function productTypeCursorKey(types: readonly string[], reverse: boolean): CursorKey<string> {
  const position = new Map(types.map((type, index) => [type, index + 1]));
  const direction = reverse ? -1 : 1;
  return {
    id: (type) => position.get(type) ?? 0,
    value: (type) => type,
    compareToCursor: (type, cursor) => direction * (type < cursor.last_value ? -1 : type > cursor.last_value ? 1 : 0),
  };
}

const queryRoot = typeResolvers<unknown>({
  productTypes: (_source, rawArgs, context, info) => {
    const { reverse } = z.object({ reverse: z.boolean().nullish() }).parse(rawArgs);
    const ascending = shopProductTypes(context);
    const types = reverse ? [...ascending].reverse() : ascending;
    return paginate(types, rawArgs, productTypeCursorKey(types, reverse ?? false), context, info);
  },
  products: (_source, rawArgs, context, info) => {
    const args = productsArgsSchema.parse(rawArgs);
    rejectSavedSearch(args.savedSearchId);
    const filtered = filteredProducts(context, args.query, responsePathAsArray(info.path));
    const sorted = sortProducts(filtered, args.sortKey, args.reverse);
    return paginate(sorted.items, rawArgs, sorted.cursorKey, context, info);
  },
  productsCount: (_source, rawArgs, context, info) => {
    const args = z.object({ query: z.string().nullish(), limit: z.number().int().nullish(), savedSearchId: z.string().nullish() }).parse(rawArgs);
    rejectSavedSearch(args.savedSearchId);
    const count = filteredProducts(context, args.query, responsePathAsArray(info.path)).length;
    // An explicit `limit: null` means no cap; an omitted limit gets the schema default (10000).
    const limit = args.limit === null ? Number.POSITIVE_INFINITY : (args.limit ?? COUNT_LIMIT_DEFAULT);
    return count > limit ? { count: limit, precision: "AT_LEAST" } : { count, precision: "EXACT" };
  },
  product: (_source, rawArgs, context) => {
    const { id } = z.object({ id: z.string() }).parse(rawArgs);
    return productById(context, id);
  },
  productByHandle: (_source, rawArgs, context) => {
    const { handle } = z.object({ handle: z.string() }).parse(rawArgs);
    return context.shop.catalog.getByHandle(handle) ?? null;
  },
  productByIdentifier: (_source, rawArgs, context) => {
    const { identifier } = z.object({ identifier: z.object({ id: z.string().nullish(), handle: z.string().nullish(), customId: z.unknown().optional() }) }).parse(rawArgs);
    if (identifier.customId !== undefined && identifier.customId !== null) throw notEmulatedInputError("ProductIdentifierInput.customId");
    if (identifier.handle) return context.shop.catalog.getByHandle(identifier.handle) ?? null;
    return identifier.id ? productById(context, identifier.id) : null;
  },
});

function findMetafield(metafields: readonly MetafieldRecord[], rawArgs: Record<string, unknown>): MetafieldRecord | null {
  const args = z.object({ key: z.string(), namespace: z.string().nullish() }).parse(rawArgs);
  let namespace = args.namespace ?? null;
  let key = args.key;
  if (namespace === null) {
    // Without a namespace, Shopify reads "namespace.key" from the key argument.
    const dot = key.indexOf(".");
    if (dot <= 0) return null;
    namespace = key.slice(0, dot);
    key = key.slice(dot + 1);
  }
  return metafields.find((metafield) => metafield.namespace === namespace && metafield.key === key) ?? null;
}

function metafieldConnection(metafields: readonly MetafieldRecord[], rawArgs: Record<string, unknown>, context: RequestContext, info: GraphQLResolveInfo) {
  const args = z.object({ namespace: z.string().nullish(), keys: z.array(z.string()).nullish() }).parse(rawArgs);
  const selected = metafields.filter(
    (metafield) => (!args.namespace || metafield.namespace === args.namespace) && (!args.keys || args.keys.includes(`${metafield.namespace}.${metafield.key}`)),
  );
  return paginate(selected, rawArgs, idCursorKey((metafield: MetafieldRecord) => metafield.legacyId), context, info);
}

function rejectMediaFilters(rawArgs: Record<string, unknown>): void {
  const args = z.object({ query: z.string().nullish(), sortKey: z.string().nullish() }).parse(rawArgs);
  if (args.query) throw notEmulatedInputError("The query argument of Product.media");
  if (args.sortKey && args.sortKey !== "POSITION") throw notEmulatedInputError(`Product.media sortKey ${args.sortKey}`);
}

const product = typeResolvers<ProductRecord>({
  id: (source) => source.id,
  legacyResourceId: (source) => String(source.legacyId),
  title: (source) => source.title,
  handle: (source) => source.handle,
  descriptionHtml: (source) => source.descriptionHtml,
  description: (source, rawArgs) => {
    const { truncateAt } = z.object({ truncateAt: z.number().int().positive().nullish() }).parse(rawArgs);
    const text = htmlToPlainText(source.descriptionHtml);
    return truncateAt && text.length > truncateAt ? `${text.slice(0, Math.max(0, truncateAt - 3)).trimEnd()}...` : text;
  },
  vendor: (source) => source.vendor,
  productType: (source) => source.productType,
  status: (source) => source.status,
  tags: (source) => source.tags,
  createdAt: (source) => isoDateTime(source.createdAt),
  updatedAt: (source) => isoDateTime(source.updatedAt),
  publishedAt: (source) => (source.publishedAt === null ? null : isoDateTime(source.publishedAt)),
  templateSuffix: (source) => source.templateSuffix,
  seo: (source) => source.seo,
  options: (source, rawArgs) => {
    const { first } = z.object({ first: z.number().int().nullish() }).parse(rawArgs);
    return first ? source.options.slice(0, first) : source.options;
  },
  variants: (source, rawArgs, context, info) => {
    const sortKey = z.object({ sortKey: z.string().nullish() }).parse(rawArgs).sortKey;
    if (sortKey && sortKey !== "POSITION" && sortKey !== "ID") throw notEmulatedInputError(`Product.variants sortKey ${sortKey}`);
    return paginate(source.variants, rawArgs, idCursorKey((variant: VariantRecord) => variant.legacyId), context, info);
  },
  variantsCount: (source) => ({ count: source.variants.length, precision: "EXACT" }),
  hasOnlyDefaultVariant: (source) => source.options.length === 1 && source.options[0]?.name === "Title",
  totalInventory: (source) => source.variants.reduce((total, variant) => total + variant.inventoryQuantity, 0),
  tracksInventory: () => true,
  media: (source, rawArgs, context, info) => {
    rejectMediaFilters(rawArgs);
    return paginate(source.media, rawArgs, idCursorKey((media: { legacyId: number }) => media.legacyId), context, info);
  },
  mediaCount: (source) => ({ count: source.media.length, precision: "EXACT" }),
  featuredMedia: (source) => source.media[0] ?? null,
  metafield: (source, rawArgs) => findMetafield(source.metafields, rawArgs),
  metafields: (source, rawArgs, context, info) => metafieldConnection(source.metafields, rawArgs, context, info),
  category: (source) => source.category,
  onlineStoreUrl: (source, _args, context) => (source.status === "ACTIVE" ? `https://${context.shop.domain}/products/${source.handle}` : null),
  onlineStorePreviewUrl: (source, _args, context) => `https://${context.shop.domain}/products/${source.handle}?preview=1`,
  isGiftCard: () => false,
  requiresSellingPlan: () => false,
});

const variant = typeResolvers<VariantRecord>({
  id: (source) => source.id,
  legacyResourceId: (source) => String(source.legacyId),
  title: (source) => source.title,
  displayName: (source, _args, context) => `${context.shop.catalog.get(source.productLegacyId)?.title ?? ""} - ${source.title}`,
  sku: (source) => source.sku,
  barcode: (source) => source.barcode,
  price: (source) => source.price,
  compareAtPrice: (source) => source.compareAtPrice,
  position: (source) => source.position,
  inventoryQuantity: (source) => source.inventoryQuantity,
  availableForSale: (source) => source.inventoryQuantity > 0,
  taxable: (source) => source.taxable,
  selectedOptions: (source) => source.selectedOptions,
  createdAt: (source) => isoDateTime(source.createdAt),
  updatedAt: (source) => isoDateTime(source.updatedAt),
  product: (source, _args, context) => context.shop.catalog.get(source.productLegacyId) ?? null,
  media: (source, rawArgs, context, info) => {
    const product = context.shop.catalog.get(source.productLegacyId);
    return paginate(product ? variantMedia(product, source) : [], rawArgs, idCursorKey((media: { legacyId: number }) => media.legacyId), context, info);
  },
});

const option = typeResolvers<ProductOptionRecord>({
  id: (source) => source.id,
  name: (source) => source.name,
  position: (source) => source.position,
  values: (source) => source.values,
  optionValues: (source) => source.values.map((value, index) => ({ id: `gid://shopify/ProductOptionValue/${source.legacyId * 10 + index}`, name: value, hasVariants: true })),
});

const metafield = typeResolvers<MetafieldRecord>({
  id: (source) => source.id,
  legacyResourceId: (source) => String(source.legacyId),
  namespace: (source) => source.namespace,
  key: (source) => source.key,
  value: (source) => source.value,
  type: (source) => source.type,
  jsonValue: (source) => {
    try {
      return JSON.parse(source.value) as unknown;
    } catch {
      return source.value;
    }
  },
  ownerType: () => "PRODUCT",
  createdAt: (source) => isoDateTime(source.createdAt),
  updatedAt: (source) => isoDateTime(source.updatedAt),
});

export const productResolvers: ResolverMap = {
  QueryRoot: queryRoot,
  Product: product,
  ProductVariant: variant,
  ProductOption: option,
  ProductOptionValue: propertyResolvers("id", "name", "hasVariants"),
  SelectedOption: propertyResolvers("name", "value"),
  SEO: propertyResolvers("title", "description"),
  TaxonomyCategory: propertyResolvers("id", "name", "fullName"),
  Count: propertyResolvers("count", "precision"),
  Metafield: metafield,
  PageInfo: propertyResolvers("hasNextPage", "hasPreviousPage", "startCursor", "endCursor"),
};
