import { z } from "zod";
import { runAdminQuery, type AdminGraphql } from "./admin-client.server";

const SHOP_OVERVIEW_QUERY = `#graphql
  query PlumeShopOverview {
    shop {
      name
      myshopifyDomain
      currencyCode
    }
    productsCount(limit: null) {
      count
      precision
    }
    shopLocales {
      locale
      primary
      published
    }
  }
`;

const shopOverviewSchema = z.object({
  shop: z.object({ name: z.string(), myshopifyDomain: z.string(), currencyCode: z.string() }),
  productsCount: z.object({ count: z.number().int(), precision: z.enum(["EXACT", "AT_LEAST"]) }).nullable(),
  shopLocales: z.array(z.object({ locale: z.string(), primary: z.boolean(), published: z.boolean() })),
});

export type ShopOverview = z.infer<typeof shopOverviewSchema>;

export function loadShopOverview(admin: AdminGraphql): Promise<ShopOverview> {
  return runAdminQuery(admin, "PlumeShopOverview", SHOP_OVERVIEW_QUERY, shopOverviewSchema);
}
