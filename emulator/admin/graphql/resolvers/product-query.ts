/**
 * Filtering and sorting for `products` / `productsCount`: the product search
 * fields Shopify documents for the products query, and its ProductSortKeys.
 */
import { z } from "zod";
import type { CursorKey, CursorPayload } from "../connection";
import { notEmulatedInputError } from "../errors";
import { compareNumbers, compileSearch, dateMatches, exactMatches, textMatches, type CompiledSearch, type SearchFields, type SearchTerm } from "../search-query";
import type { ProductRecord } from "../../store/records";

const statusMatches = (product: ProductRecord, term: SearchTerm): boolean =>
  term.value
    .split(",")
    .map((status) => status.trim().toUpperCase())
    .includes(product.status);

const numericMatches = (value: number, term: SearchTerm): boolean => {
  const right = Number(term.value);
  return Number.isFinite(right) && compareNumbers(value, term, right);
};

const PRODUCT_SEARCH_FIELDS: SearchFields<ProductRecord> = {
  fields: {
    title: (product, term) => textMatches(product.title, term),
    vendor: (product, term) => exactMatches(product.vendor, term),
    product_type: (product, term) => exactMatches(product.productType, term),
    tag: (product, term) => product.tags.some((tag) => exactMatches(tag, term)),
    tag_not: (product, term) => !product.tags.some((tag) => exactMatches(tag, term)),
    status: statusMatches,
    handle: (product, term) => exactMatches(product.handle, term),
    sku: (product, term) => product.variants.some((variant) => variant.sku !== null && exactMatches(variant.sku, term)),
    barcode: (product, term) => product.variants.some((variant) => variant.barcode !== null && exactMatches(variant.barcode, term)),
    id: (product, term) => numericMatches(product.legacyId, term),
    product_id: (product, term) => numericMatches(product.legacyId, term),
    created_at: (product, term) => dateMatches(product.createdAt, term),
    updated_at: (product, term) => dateMatches(product.updatedAt, term),
    published_at: (product, term) => product.publishedAt !== null && dateMatches(product.publishedAt, term),
  },
  freeText: (product, term) =>
    textMatches(product.title, term) ||
    exactMatches(product.vendor, term) ||
    exactMatches(product.productType, term) ||
    product.tags.some((tag) => exactMatches(tag, term)) ||
    textMatches(product.vendor, term) ||
    textMatches(product.productType, term),
};

export function compileProductSearch(query: string | null | undefined): CompiledSearch<ProductRecord> {
  return compileSearch(query, PRODUCT_SEARCH_FIELDS);
}

export const productSortKeySchema = z.enum(["TITLE", "UPDATED_AT", "CREATED_AT", "ID", "VENDOR", "PRODUCT_TYPE", "INVENTORY_TOTAL", "PUBLISHED_AT", "RELEVANCE"]);
export type ProductSortKey = z.infer<typeof productSortKeySchema>;

type SortValue = string | number;

function sortValue(product: ProductRecord, sortKey: ProductSortKey): SortValue {
  switch (sortKey) {
    case "TITLE":
      return product.title.toLowerCase();
    case "VENDOR":
      return product.vendor.toLowerCase();
    case "PRODUCT_TYPE":
      return product.productType.toLowerCase();
    case "UPDATED_AT":
      return product.updatedAt;
    case "CREATED_AT":
      return product.createdAt;
    case "PUBLISHED_AT":
      return product.publishedAt ?? 0;
    case "INVENTORY_TOTAL":
      return product.variants.reduce((total, variant) => total + variant.inventoryQuantity, 0);
    case "ID":
    case "RELEVANCE":
      // Without a search engine there is no relevance score; Shopify falls back to id order too when there is no query.
      return product.legacyId;
  }
}

function compareValues(left: SortValue, right: SortValue): number {
  if (typeof left === "number" && typeof right === "number") return left - right;
  const a = String(left);
  const b = String(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface SortedProducts {
  readonly items: readonly ProductRecord[];
  readonly cursorKey: CursorKey<ProductRecord>;
}

export function sortProducts(products: readonly ProductRecord[], sortKey: ProductSortKey, reverse: boolean): SortedProducts {
  const direction = reverse ? -1 : 1;
  const numeric = !["TITLE", "VENDOR", "PRODUCT_TYPE"].includes(sortKey);
  let items: readonly ProductRecord[];
  if ((sortKey === "ID" || sortKey === "RELEVANCE") && !reverse) {
    items = products; // already in id order
  } else {
    const keyed = products.map((product) => ({ product, value: sortValue(product, sortKey) }));
    keyed.sort((left, right) => direction * (compareValues(left.value, right.value) || left.product.legacyId - right.product.legacyId));
    items = keyed.map((entry) => entry.product);
  }
  const parseCursorValue = (cursor: CursorPayload): SortValue => (numeric ? Number(cursor.last_value) : cursor.last_value);
  return {
    items,
    cursorKey: {
      id: (product) => product.legacyId,
      value: (product) => String(sortValue(product, sortKey)),
      compareToCursor: (product, cursor) => direction * (compareValues(sortValue(product, sortKey), parseCursorValue(cursor)) || product.legacyId - cursor.last_id),
    },
  };
}

export const productsArgsSchema = z.object({
  query: z.string().nullish(),
  sortKey: productSortKeySchema.default("ID"),
  reverse: z.boolean().default(false),
  savedSearchId: z.string().nullish(),
});

export function rejectSavedSearch(savedSearchId: string | null | undefined): void {
  if (savedSearchId) throw notEmulatedInputError("The savedSearchId argument");
}
