import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";

/**
 * Mints a session token (id_token) the way Shopify admin does for an embedded
 * app: HS256 with the app secret, aud = client id, dest = the shop, one minute
 * of validity. Only the demo frame uses this; the app verifies it with the
 * real library code.
 */
export async function mintSessionToken(input: { shopDomain: string; apiKey: string; apiSecret: string; userId?: string; now?: number }) {
  const now = Math.floor((input.now ?? Date.now()) / 1000);
  return new SignJWT({
    iss: `https://${input.shopDomain}/admin`,
    dest: `https://${input.shopDomain}`,
    aud: input.apiKey,
    sub: input.userId ?? "1",
    sid: randomUUID(),
    jti: randomUUID(),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 60)
    .sign(new TextEncoder().encode(input.apiSecret));
}
