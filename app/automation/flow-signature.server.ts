import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Whether a Flow request's body is signed with the app's secret: X-Shopify-Hmac-SHA256 is the base64
 * HMAC-SHA256 of the raw body (as @shopify/shopify-api checks it for `authenticate.flow`). The route checks it
 * first only to answer 401 to an unsigned or forged request; the library's own check still runs after it.
 */
export function hasValidFlowSignature(rawBody: string, header: string | null, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(rawBody, "utf8").digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
