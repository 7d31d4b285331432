/**
 * Routes Shopify traffic to the local Admin emulator: a fetch that rewrites
 * https://<x>.myshopify.com/<path> to <emulatorUrl>/<path> and marks the shop
 * in `x-plume-emulator-shop`. Hand it to @shopify/shopify-api with
 * `setAbstractFetchFunc`, or preload preload-redirect.mjs to replace
 * globalThis.fetch before the library captures it.
 */
import { createShopifyRedirectFetch as createRedirectFetch, EMULATOR_SHOP_HEADER } from "./redirect-fetch-core.mjs";

export { EMULATOR_SHOP_HEADER };

export function createShopifyRedirectFetch(emulatorUrl: string, baseFetch: typeof fetch = globalThis.fetch): typeof fetch {
  return createRedirectFetch(emulatorUrl, baseFetch);
}
