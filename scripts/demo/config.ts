/**
 * The demo's fixed development identity. These are not secrets of any real
 * app: they exist so `npm run demo` needs no account, key or variable. The
 * emulator trusts the same values, as Shopify trusts a real app's secret.
 */
export const DEMO_APP = {
  apiKey: "plume-demo-api-key",
  apiSecret: "plume-demo-app-secret-not-for-production",
  scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
  // 32 bytes, base64: encrypts API keys pasted into the demo's own SQLite file.
  encryptionKey: Buffer.from("plume-demo-encryption-key-32byte").toString("base64"),
} as const;

export const DEMO_SHOP = {
  domain: "plume-demo.myshopify.com",
  name: "Plume Demo Outfitters",
  currency: "EUR",
  products: 250,
  seed: 20261126,
} as const;

/** The `host` parameter Shopify admin passes: base64 of the admin URL of the store. */
export function hostParameter(shopDomain: string): string {
  return Buffer.from(`admin.shopify.com/store/${shopDomain.replace(/\.myshopify\.com$/, "")}`).toString("base64url");
}
