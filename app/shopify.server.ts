import "@shopify/shopify-app-remix/adapters/node";
import { AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { env } from "~/config/env.server";
import database from "~/db.server";
import { ADMIN_API_VERSION } from "~/shopify/api-version";
import { recordInstall } from "~/shops/lifecycle.server";

/**
 * The one place Shopify is wired: session storage, embedded token-exchange
 * auth with expiring offline tokens, the Admin API version, and the afterAuth
 * hook. Routes import `authenticate` from here and nothing else from Shopify.
 */
const environment = env();

const shopify = shopifyApp({
  apiKey: environment.SHOPIFY_API_KEY,
  apiSecretKey: environment.SHOPIFY_API_SECRET,
  apiVersion: ADMIN_API_VERSION,
  scopes: environment.SCOPES,
  appUrl: environment.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(database),
  distribution: AppDistribution.AppStore,
  isEmbeddedApp: true,
  logger: { level: environment.NODE_ENV === "production" ? LogSeverity.Warning : LogSeverity.Info },
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      await recordInstall(database, { shop: session.shop, scopes: session.scope ?? null });
    },
  },
  ...(environment.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [environment.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = ADMIN_API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
/** The Admin client knows its shop, so every call it makes goes through that shop's cost gate (app/pacing). */
function nameShop<Admin extends object>(admin: Admin, shop: string): Admin & { readonly shop: string } {
  return Object.assign(admin, { shop });
}

export const authenticate: typeof shopify.authenticate = {
  ...shopify.authenticate,
  admin: async (request) => {
    const context = await shopify.authenticate.admin(request);
    nameShop(context.admin, context.session.shop);
    return context;
  },
  flow: async (request) => {
    const context = await shopify.authenticate.flow(request);
    nameShop(context.admin, context.session.shop);
    return context;
  },
  webhook: async (request) => {
    const context = await shopify.authenticate.webhook(request);
    if (context.admin) nameShop(context.admin, context.shop);
    return context;
  },
};
export const unauthenticated: typeof shopify.unauthenticated = {
  ...shopify.unauthenticated,
  admin: async (shop) => {
    const context = await shopify.unauthenticated.admin(shop);
    nameShop(context.admin, context.session.shop);
    return context;
  },
};
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
