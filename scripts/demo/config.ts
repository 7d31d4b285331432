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

/**
 * The local provider emulators offered as model backends in the demo, each
 * labelled "emulated" and pointing at the emulator's wire-compatible surface.
 * The keys shown in the hint are the emulator's, not real ones.
 */
export function emulatedBackends(baseUrls: Record<"openai" | "anthropic" | "gemini" | "mistral" | "ollama" | "compatible", string>) {
  return [
    { id: "emulated-openai", extends: "openai", label: "OpenAI (emulated)", baseUrl: baseUrls.openai, hint: "Emulated: paste the key sk-emulated-openai.", emulatedKey: "sk-emulated-openai", emulated: true },
    { id: "emulated-anthropic", extends: "anthropic", label: "Anthropic Claude (emulated)", baseUrl: baseUrls.anthropic, hint: "Emulated: paste the key sk-ant-emulated.", emulatedKey: "sk-ant-emulated", emulated: true },
    { id: "emulated-gemini", extends: "gemini", label: "Google Gemini (emulated)", baseUrl: baseUrls.gemini, hint: "Emulated: paste the key gemini-emulated-key.", emulatedKey: "gemini-emulated-key", emulated: true },
    { id: "emulated-mistral", extends: "mistral", label: "Mistral AI (emulated)", baseUrl: baseUrls.mistral, hint: "Emulated: paste the key mistral-emulated-key.", emulatedKey: "mistral-emulated-key", emulated: true },
    { id: "emulated-ollama", extends: "ollama", label: "Ollama (emulated)", baseUrl: `${baseUrls.ollama}/v1`, models: ["llama3.2:latest", "qwen2.5:7b"], hint: "Emulated: no key needed.", emulated: true },
    { id: "emulated-vllm", extends: "vllm", label: "vLLM (emulated)", baseUrl: baseUrls.compatible, models: ["meta-llama/Llama-3.3-70B-Instruct", "qwen2.5-7b-instruct"], hint: "Emulated: paste the key compatible-emulated-key.", emulatedKey: "compatible-emulated-key", emulated: true },
  ];
}
