/**
 * Webhook bodies in Shopify's REST-style JSON, the shape JSON webhooks still
 * use: numeric ids plus `admin_graphql_api_id`, snake_case keys, tags as one
 * comma-separated string, lower-case status.
 */
import type { BulkOperationRecord } from "../store/bulk-operations";
import type { ProductRecord } from "../store/records";
import type { ShopState } from "../store/shop-state";
import { isoDateTime } from "../time-format";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function productWebhookPayload(product: ProductRecord): JsonObject {
  const images = product.media.map((media, position) => ({
    id: media.legacyId,
    alt: media.alt,
    position: position + 1,
    product_id: product.legacyId,
    created_at: isoDateTime(media.createdAt),
    updated_at: isoDateTime(media.updatedAt),
    admin_graphql_api_id: `gid://shopify/ProductImage/${media.legacyId}`,
    width: media.width,
    height: media.height,
    src: media.url,
    variant_ids: [],
  }));
  const optionNames = product.options.map((option) => option.name);
  return {
    admin_graphql_api_id: product.id,
    body_html: product.descriptionHtml,
    created_at: isoDateTime(product.createdAt),
    handle: product.handle,
    id: product.legacyId,
    product_type: product.productType,
    published_at: product.publishedAt === null ? null : isoDateTime(product.publishedAt),
    template_suffix: product.templateSuffix,
    title: product.title,
    updated_at: isoDateTime(product.updatedAt),
    vendor: product.vendor,
    status: product.status.toLowerCase(),
    published_scope: "global",
    tags: product.tags.join(", "),
    variants: product.variants.map((variant) => {
      const optionValue = (index: number): string | null => {
        const name = optionNames[index];
        return name === undefined ? null : (variant.selectedOptions.find((option) => option.name === name)?.value ?? null);
      };
      return {
        admin_graphql_api_id: variant.id,
        barcode: variant.barcode,
        compare_at_price: variant.compareAtPrice,
        created_at: isoDateTime(variant.createdAt),
        id: variant.legacyId,
        inventory_policy: "deny",
        position: variant.position,
        price: variant.price,
        product_id: product.legacyId,
        sku: variant.sku,
        taxable: variant.taxable,
        title: variant.title,
        updated_at: isoDateTime(variant.updatedAt),
        option1: optionValue(0),
        option2: optionValue(1),
        option3: optionValue(2),
        image_id: null,
        inventory_quantity: variant.inventoryQuantity,
        old_inventory_quantity: variant.inventoryQuantity,
      };
    }),
    options: product.options.map((option) => ({
      name: option.name,
      id: option.legacyId,
      product_id: product.legacyId,
      position: option.position,
      values: [...option.values],
    })),
    images,
    image: images[0] ?? null,
    media: product.media.map((media, position) => ({
      id: media.legacyId,
      product_id: product.legacyId,
      position: position + 1,
      created_at: isoDateTime(media.createdAt),
      updated_at: isoDateTime(media.updatedAt),
      alt: media.alt,
      status: "READY",
      media_content_type: "IMAGE",
      preview_image: { width: media.width, height: media.height, src: media.url, status: "READY" },
      variant_ids: [],
      admin_graphql_api_id: media.id,
    })),
    variant_gids: product.variants.map((variant) => ({ admin_graphql_api_id: variant.id, updated_at: isoDateTime(variant.updatedAt) })),
    has_variants_that_requires_components: false,
    category: product.category ? { admin_graphql_api_id: product.category.id, name: product.category.name, full_name: product.category.fullName } : null,
  };
}

export function productDeletePayload(legacyId: number): JsonObject {
  return { id: legacyId };
}

export function shopWebhookPayload(shop: ShopState): JsonObject {
  return {
    id: shop.legacyId,
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    myshopify_domain: shop.domain,
    customer_email: shop.email,
    currency: shop.currency,
    iana_timezone: shop.ianaTimezone,
    plan_name: shop.bucket.plan === "plus" ? "shopify_plus" : shop.bucket.plan === "advanced" ? "unlimited" : "basic",
    primary_locale: shop.primaryLocale,
    created_at: isoDateTime(shop.createdAt),
    country_code: "US",
    money_format: "${{amount}}",
  };
}

export function bulkOperationFinishPayload(operation: BulkOperationRecord): JsonObject {
  return {
    admin_graphql_api_id: operation.id,
    completed_at: operation.completedAt === null ? null : isoDateTime(operation.completedAt),
    created_at: isoDateTime(operation.createdAt),
    error_code: operation.errorCode === null ? null : operation.errorCode.toLowerCase(),
    status: operation.status.toLowerCase(),
    type: operation.type.toLowerCase(),
  };
}
