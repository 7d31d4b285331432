// Preload for `node --import ./emulator/admin/preload-redirect.mjs`: when
// PLUME_ADMIN_EMULATOR_URL is set, globalThis.fetch is replaced by a fetch that
// sends *.myshopify.com requests to the Admin emulator. It must run before
// @shopify/shopify-api is imported, because the library's node adapter
// captures globalThis.fetch once, at import time.
import { createShopifyRedirectFetch } from "./redirect-fetch-core.mjs";

const INSTALLED = Symbol.for("plume.adminEmulatorRedirectFetch");
const emulatorUrl = process.env.PLUME_ADMIN_EMULATOR_URL;

if (emulatorUrl && !Reflect.get(globalThis, INSTALLED)) {
  globalThis.fetch = createShopifyRedirectFetch(emulatorUrl, globalThis.fetch);
  Reflect.set(globalThis, INSTALLED, true);
}
