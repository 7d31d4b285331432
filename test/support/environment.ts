/** The environment tests run the app with; secrets here are test-only values. */
export const TEST_ENVIRONMENT = {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: "plume-test-api-key",
  SHOPIFY_API_SECRET: "plume-test-api-secret",
  SHOPIFY_APP_URL: "https://plume.test",
  SCOPES: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
  PLUME_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  LOG_LEVEL: "silent",
} as const;

export const TEST_SHOP = "plume-test.myshopify.com";
export const OTHER_SHOP = "other-shop.myshopify.com";
