/** `shop` and `shopLocales`. */
import { z } from "zod";
import { propertyResolvers, typeResolvers, type ResolverMap } from "../context";
import { isoDateTime } from "../../time-format";
import type { ShopState } from "../../store/shop-state";

const PLAN_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  standard: "Basic",
  advanced: "Advanced",
  plus: "Shopify Plus",
  enterprise: "Shopify Plus",
};

const queryRoot = typeResolvers<unknown>({
  shop: (_source, _args, context) => context.shop,
  shopLocales: (_source, rawArgs, context) => {
    const { published } = z.object({ published: z.boolean().nullish() }).parse(rawArgs);
    return published ? context.shop.locales.filter((locale) => locale.published) : context.shop.locales;
  },
});

const shop = typeResolvers<ShopState>({
  id: (source) => source.id,
  name: (source) => source.name,
  myshopifyDomain: (source) => source.domain,
  email: (source) => source.email,
  contactEmail: (source) => source.email,
  currencyCode: (source) => source.currency,
  ianaTimezone: (source) => source.ianaTimezone,
  timezoneAbbreviation: () => "EST",
  url: (source) => `https://${source.domain}`,
  description: () => null,
  createdAt: (source) => isoDateTime(source.createdAt),
  primaryDomain: (source) => ({ id: `gid://shopify/Domain/${source.legacyId}`, host: source.domain, url: `https://${source.domain}`, sslEnabled: true }),
  plan: (source) => ({
    publicDisplayName: PLAN_DISPLAY_NAMES[source.bucket.plan] ?? "Basic",
    partnerDevelopment: false,
    shopifyPlus: source.bucket.plan === "plus" || source.bucket.plan === "enterprise",
  }),
});

export const shopResolvers: ResolverMap = {
  QueryRoot: queryRoot,
  Shop: shop,
  Domain: propertyResolvers("id", "host", "url", "sslEnabled"),
  ShopPlan: propertyResolvers("publicDisplayName", "partnerDevelopment", "shopifyPlus"),
  ShopLocale: propertyResolvers("locale", "name", "primary", "published"),
};
