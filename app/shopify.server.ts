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
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
