import { z } from "zod";
import { runAdminQuery, type AdminGraphql } from "./admin-client.server";

/**
 * Today's descriptions (HTML, in the shop's primary language) and titles of a page of products, in
 * one query, for the bulk review to show beside the proposed ones (the titles stand in for products
 * the catalog index has not seen yet). The HTML is Shopify's as it stands: the caller renders it only
 * through the description sanitiser.
 */
const CURRENT_DESCRIPTIONS_QUERY = `#graphql
  query PlumeCurrentDescriptions($ids: [ID!]!) {
    shopLocales {
      locale
      primary
    }
    nodes(ids: $ids) {
      ... on Product {
        id
        title
        descriptionHtml
      }
    }
  }`;

const currentDescriptionsSchema = z.object({
  shopLocales: z.array(z.object({ locale: z.string(), primary: z.boolean() })),
  nodes: z.array(z.object({ id: z.string(), title: z.string(), descriptionHtml: z.string() }).partial().nullable()),
});

export interface CurrentDescriptions {
  /** the language the descriptions below are in */
  primaryLocale: string;
  /** by product id; a product Shopify no longer has is left out */
  html: Record<string, string>;
  /** by product id, as Shopify has them now */
  titles: Record<string, string>;
}

export async function loadCurrentDescriptions(admin: AdminGraphql, productIds: readonly string[]): Promise<CurrentDescriptions | null> {
  if (productIds.length === 0) return null;
  const data = await runAdminQuery(admin, "PlumeCurrentDescriptions", CURRENT_DESCRIPTIONS_QUERY, currentDescriptionsSchema, { ids: [...productIds] });
  const html: Record<string, string> = {};
  const titles: Record<string, string> = {};
  for (const node of data.nodes) {
    if (node?.id && node.descriptionHtml !== undefined) html[node.id] = node.descriptionHtml;
    if (node?.id && node.title !== undefined) titles[node.id] = node.title;
  }
  return { primaryLocale: data.shopLocales.find((locale) => locale.primary)?.locale ?? "en", html, titles };
}
