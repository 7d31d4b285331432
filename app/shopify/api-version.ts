import { ApiVersion } from "@shopify/shopify-api";

/**
 * The one Admin API version Plume speaks. The app, the emulator's schema, the
 * GraphQL validation test and the shopify.app.toml check all import this.
 * Bump it here (and add the matching introspection file) and nowhere else.
 */
export const ADMIN_API_VERSION = ApiVersion.October26;
export type AdminApiVersion = typeof ADMIN_API_VERSION;
