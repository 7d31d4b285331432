import { z } from "zod";
import { runAdminQuery, type AdminGraphql } from "./admin-client.server";

export const PRODUCT_PAGE_SIZE = 25;

const PRODUCT_PAGE_QUERY = `#graphql
  query PlumeProductPage($first: Int, $after: String, $last: Int, $before: String) {
    products(first: $first, after: $after, last: $last, before: $before, sortKey: TITLE) {
      nodes {
        id
        title
        status
        vendor
        productType
        updatedAt
        description(truncateAt: 1)
        seo {
          title
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`;

const productPageSchema = z.object({
  products: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        status: z.string(),
        vendor: z.string(),
        productType: z.string(),
        updatedAt: z.string(),
        description: z.string(),
        seo: z.object({ title: z.string().nullable() }),
      }),
    ),
    pageInfo: z.object({
      hasNextPage: z.boolean(),
      hasPreviousPage: z.boolean(),
      startCursor: z.string().nullable(),
      endCursor: z.string().nullable(),
    }),
  }),
});

export interface ProductRow {
  id: string;
  title: string;
  status: string;
  vendor: string;
  productType: string;
  updatedAt: string;
  hasDescription: boolean;
  hasSeoTitle: boolean;
}

export interface ProductPage {
  rows: ProductRow[];
  pageInfo: z.infer<typeof productPageSchema>["products"]["pageInfo"];
}

export const productPageCursor = z.union([
  z.object({ after: z.string().min(1) }),
  z.object({ before: z.string().min(1) }),
  z.object({}),
]);

export async function loadProductPage(admin: AdminGraphql, cursor: z.infer<typeof productPageCursor>): Promise<ProductPage> {
  const variables =
    "before" in cursor ? { last: PRODUCT_PAGE_SIZE, before: cursor.before } : { first: PRODUCT_PAGE_SIZE, ...("after" in cursor ? { after: cursor.after } : {}) };
  const data = await runAdminQuery(admin, "PlumeProductPage", PRODUCT_PAGE_QUERY, productPageSchema, variables);
  return {
    rows: data.products.nodes.map((node) => ({
      id: node.id,
      title: node.title,
      status: node.status,
      vendor: node.vendor,
      productType: node.productType,
      updatedAt: node.updatedAt,
      hasDescription: node.description.trim().length > 0,
      hasSeoTitle: Boolean(node.seo.title?.trim()),
    })),
    pageInfo: data.products.pageInfo,
  };
}
