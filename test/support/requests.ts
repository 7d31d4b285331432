import { getHmac, getJwt } from "@shopify/shopify-api/test-helpers";
import { TEST_ENVIRONMENT } from "./environment";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";

const { SHOPIFY_API_KEY: apiKey, SHOPIFY_API_SECRET: apiSecret, SHOPIFY_APP_URL: appUrl } = TEST_ENVIRONMENT;

/** A session token (id_token) as App Bridge would send it, signed with the app secret unless told otherwise. */
export async function sessionToken(shop: string, overrides: Record<string, unknown> = {}, secret: string = apiSecret) {
  // getJwt takes the store name and appends .myshopify.com itself.
  const { token } = await getJwt(shop.replace(/\.myshopify\.com$/, ""), apiKey, secret, overrides);
  return token;
}

/** A fetch from the embedded app to one of its own routes (Authorization: Bearer). */
export function bearerRequest(pathname: string, token?: string): Request {
  const headers = new Headers({ Accept: "application/json" });
  if (token) headers.set("Authorization", `Bearer ${token}`);
  return new Request(new URL(pathname, appUrl), { headers });
}

/** The admin loading the embedded app's document (embedded=1, shop, host, id_token). */
export function documentRequest(pathname: string, shop: string, token?: string, extra: Record<string, string> = {}): Request {
  const url = new URL(pathname, appUrl);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shop);
  url.searchParams.set("host", Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64url"));
  if (token) url.searchParams.set("id_token", token);
  for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value);
  return new Request(url, { headers: { Accept: "text/html" } });
}

export interface WebhookOptions {
  topic: string;
  shop: string;
  body: unknown;
  webhookId?: string;
  hmac?: string | null;
}

/** A webhook as Shopify delivers it; `hmac: null` leaves the signature out. */
export function webhookRequest(pathname: string, options: WebhookOptions): Request {
  const body = JSON.stringify(options.body);
  const headers = new Headers({
    "Content-Type": "application/json",
    "X-Shopify-Topic": options.topic,
    "X-Shopify-Shop-Domain": options.shop,
    "X-Shopify-API-Version": ADMIN_API_VERSION,
    "X-Shopify-Webhook-Id": options.webhookId ?? crypto.randomUUID(),
    "X-Shopify-Event-Id": crypto.randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  });
  const hmac = options.hmac === undefined ? getHmac(body, apiSecret) : options.hmac;
  if (hmac !== null) headers.set("X-Shopify-Hmac-Sha256", hmac);
  return new Request(new URL(pathname, appUrl), { method: "POST", body, headers });
}
