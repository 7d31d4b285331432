import { z } from "zod";
import { runAdminQuery, type AdminGraphql } from "./admin-client.server";

/**
 * What a search result shows for products today (SEO title and meta description, or the
 * title and the description's text they fall back to, and the storefront URL): read for a
 * page of products in one query, for the bulk review's search-result previews.
 */
const SEARCH_SNIPPETS_QUERY = `#graphql
  query PlumeSearchSnippets($ids: [ID!]!) {
    shop {
      primaryDomain {
        url
      }
    }
    nodes(ids: $ids) {
      ... on Product {
        id
        title
        handle
        description(truncateAt: 320)
        seo {
          title
          description
        }
      }
    }
  }`;

const snippetsSchema = z.object({
  shop: z.object({ primaryDomain: z.object({ url: z.string() }) }),
  nodes: z.array(
    z
      .object({
        id: z.string(),
        title: z.string(),
        handle: z.string(),
        description: z.string(),
        seo: z.object({ title: z.string().nullable(), description: z.string().nullable() }),
      })
      .partial()
      .nullable(),
  ),
});

export interface SearchSnippet {
  title: string;
  url: string;
  description: string;
}

/** The page's products as a search engine shows them now; a product Shopify no longer has is left out. */
export async function loadSearchSnippets(admin: AdminGraphql, productIds: readonly string[]): Promise<Record<string, SearchSnippet>> {
  if (productIds.length === 0) return {};
  const data = await runAdminQuery(admin, "PlumeSearchSnippets", SEARCH_SNIPPETS_QUERY, snippetsSchema, { ids: [...productIds] });
  const origin = data.shop.primaryDomain.url.replace(/\/+$/, "");
  const snippets: Record<string, SearchSnippet> = {};
  for (const node of data.nodes) {
    if (!node?.id || node.title === undefined || node.handle === undefined) continue;
    snippets[node.id] = {
      title: node.seo?.title || node.title,
      url: `${origin}/products/${node.handle}`,
      description: node.seo?.description || (node.description ?? ""),
    };
  }
  return snippets;
}
