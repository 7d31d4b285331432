import { z } from "zod";
import { runAdminQuery, type AdminGraphql } from "./admin-client.server";

/**
 * Everything Plume knows about one product when it writes copy, read in one
 * query: the facts for the prompt and the current values of every field it
 * may write (for fill-blanks and for revisions).
 */
const PRODUCT_FACTS_QUERY = `#graphql
  query PlumeProductFacts($id: ID!) {
    shop {
      name
      currencyCode
      primaryDomain {
        url
      }
    }
    shopLocales {
      locale
      primary
      published
    }
    product(id: $id) {
      id
      title
      handle
      vendor
      productType
      status
      tags
      descriptionHtml
      description
      category {
        fullName
      }
      seo {
        title
        description
      }
      options {
        name
        optionValues {
          name
        }
      }
      variantsCount {
        count
      }
      variants(first: 50) {
        nodes {
          title
          sku
          price
          media(first: 3) {
            nodes {
              id
            }
          }
        }
      }
      media(first: 20) {
        nodes {
          ... on MediaImage {
            id
            alt
            image {
              url
            }
          }
        }
      }
      metafields(first: 10) {
        nodes {
          namespace
          key
          value
        }
      }
    }
  }
`;

const productFactsSchema = z.object({
  shop: z.object({ name: z.string(), currencyCode: z.string(), primaryDomain: z.object({ url: z.string() }) }),
  shopLocales: z.array(z.object({ locale: z.string(), primary: z.boolean(), published: z.boolean() })),
  product: z
    .object({
      id: z.string(),
      title: z.string(),
      handle: z.string(),
      vendor: z.string(),
      productType: z.string(),
      status: z.string(),
      tags: z.array(z.string()),
      descriptionHtml: z.string(),
      description: z.string(),
      category: z.object({ fullName: z.string() }).nullable(),
      seo: z.object({ title: z.string().nullable(), description: z.string().nullable() }),
      options: z.array(z.object({ name: z.string(), optionValues: z.array(z.object({ name: z.string() })) })),
      variantsCount: z.object({ count: z.number().int().nonnegative() }).nullable(),
      variants: z.object({
        nodes: z.array(
          z.object({
            title: z.string(),
            sku: z.string().nullable(),
            price: z.string(),
            media: z.object({ nodes: z.array(z.object({ id: z.string() })) }),
          }),
        ),
      }),
      media: z.object({
        nodes: z.array(
          z.union([
            z.object({ id: z.string(), alt: z.string().nullable(), image: z.object({ url: z.string() }).nullable() }),
            z.object({}).strict(),
          ]),
        ),
      }),
      metafields: z.object({ nodes: z.array(z.object({ namespace: z.string(), key: z.string(), value: z.string() })) }),
    })
    .nullable(),
});

export interface ProductImage {
  id: string;
  alt: string;
  url: string | null;
  /** 1-based place among the product's media (the first is the featured image). */
  position: number;
  /** Titles of the variants (among the first 50 read) that use this image, e.g. ["Blue / S", "Blue / M"]. */
  variantTitles: string[];
}

export interface ProductSnapshot {
  shopName: string;
  /** The storefront's primary domain, e.g. https://example.com: where search results point. */
  storefrontOrigin: string;
  currencyCode: string;
  primaryLocale: string;
  publishedLocales: string[];
  id: string;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  category: string | null;
  status: string;
  tags: string[];
  descriptionHtml: string;
  descriptionText: string;
  seoTitle: string;
  metaDescription: string;
  options: Array<{ name: string; values: string[] }>;
  /** Only the first 50 are read. */
  variants: Array<{ title: string; sku: string | null; price: string }>;
  /** The product's total number of variants, which may exceed `variants.length`. */
  variantCount: number;
  images: ProductImage[];
  metafields: Array<{ key: string; value: string }>;
}

export class ProductNotFoundError extends Error {
  override name = "ProductNotFoundError";
}

export async function loadProductSnapshot(admin: AdminGraphql, productId: string): Promise<ProductSnapshot> {
  const data = await runAdminQuery(admin, "PlumeProductFacts", PRODUCT_FACTS_QUERY, productFactsSchema, { id: productId });
  const product = data.product;
  if (!product) throw new ProductNotFoundError(`product ${productId} not found`);
  const primary = data.shopLocales.find((locale) => locale.primary)?.locale ?? "en";
  return {
    shopName: data.shop.name,
    storefrontOrigin: data.shop.primaryDomain.url.replace(/\/+$/, ""),
    currencyCode: data.shop.currencyCode,
    primaryLocale: primary,
    publishedLocales: data.shopLocales.filter((locale) => locale.published).map((locale) => locale.locale),
    id: product.id,
    title: product.title,
    handle: product.handle,
    vendor: product.vendor,
    productType: product.productType,
    category: product.category?.fullName ?? null,
    status: product.status,
    tags: product.tags,
    descriptionHtml: product.descriptionHtml,
    descriptionText: product.description,
    seoTitle: product.seo.title ?? "",
    metaDescription: product.seo.description ?? "",
    options: product.options.map((option) => ({ name: option.name, values: option.optionValues.map((value) => value.name) })),
    variants: product.variants.nodes.map((variant) => ({ title: variant.title, sku: variant.sku, price: variant.price })),
    variantCount: Math.max(product.variantsCount?.count ?? 0, product.variants.nodes.length),
    images: product.media.nodes.flatMap((node, index) =>
      "id" in node
        ? [
            {
              id: node.id,
              alt: node.alt ?? "",
              url: node.image?.url ?? null,
              position: index + 1,
              // "Default Title" is Shopify's name for a product without options, not a variant a shopper sees.
              variantTitles: product.variants.nodes
                .filter((variant) => variant.title !== "Default Title" && variant.media.nodes.some((media) => media.id === node.id))
                .map((variant) => variant.title),
            },
          ]
        : [],
    ),
    metafields: product.metafields.nodes.map((node) => ({ key: `${node.namespace}.${node.key}`, value: node.value })),
  };
}
