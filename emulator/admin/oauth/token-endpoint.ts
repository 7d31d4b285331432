/**
 * POST /admin/oauth/access_token for the grants an embedded app uses:
 *   - token exchange (RFC 8693) of a session token for an offline or online
 *     access token, optionally an expiring offline token with a refresh token;
 *   - token exchange of a non-expiring offline token for an expiring one (the
 *     migration `migrateToExpiringToken` performs);
 *   - refresh_token.
 * JSON and form bodies are both accepted. Errors use OAuth's
 * {"error","error_description"} body; an unusable session token is
 * `invalid_subject_token`, which @shopify/shopify-app-remix answers by asking
 * App Bridge for a fresh token.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { EXPIRING_OFFLINE_TOKEN_SECONDS, ONLINE_TOKEN_SECONDS, REFRESH_TOKEN_SECONDS, type AccessTokenRecord } from "../store/access-tokens";
import type { EmulatorStore } from "../store/emulator-store";
import type { ShopState } from "../store/shop-state";
import { headerValue, HttpError, parseJsonOrForm, readBody, sendJson } from "../http/http-util";
import { shopDomainOf } from "../http/shop-identity";
import { verifySessionToken } from "./session-token";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

const requestSchema = z.object({
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  grant_type: z.string().optional(),
  subject_token: z.string().optional(),
  subject_token_type: z.string().optional(),
  requested_token_type: z.string().optional(),
  expiring: z.union([z.string(), z.number(), z.boolean()]).optional(),
  refresh_token: z.string().optional(),
});
type TokenRequest = z.infer<typeof requestSchema>;

function oauthError(status: number, error: string, description: string): HttpError {
  return new HttpError(status, { error, error_description: description });
}

function secretsEqual(given: string, expected: string): boolean {
  const left = Buffer.from(given, "utf8");
  const right = Buffer.from(expected, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

function isExpiring(value: TokenRequest["expiring"]): boolean {
  return value === true || value === 1 || value === "1" || value === "true";
}

function offlineResponse(token: AccessTokenRecord, refreshToken: string | null): Record<string, unknown> {
  const body: Record<string, unknown> = { access_token: token.token, scope: token.scopes };
  if (token.expiresAt !== null && refreshToken !== null) {
    body["expires_in"] = EXPIRING_OFFLINE_TOKEN_SECONDS;
    body["refresh_token"] = refreshToken;
    body["refresh_token_expires_in"] = REFRESH_TOKEN_SECONDS;
  }
  return body;
}

function onlineResponse(token: AccessTokenRecord, shop: ShopState): Record<string, unknown> {
  const userId = token.userId ?? 1;
  return {
    access_token: token.token,
    scope: token.scopes,
    expires_in: ONLINE_TOKEN_SECONDS,
    associated_user_scope: token.scopes,
    session: randomUUID(),
    associated_user: {
      id: userId,
      first_name: "Emulated",
      last_name: `Staff ${userId}`,
      email: `staff-${userId}@${shop.domain.replace(/\.myshopify\.com$/, "")}.example`,
      email_verified: true,
      account_owner: userId === 1,
      locale: "en",
      collaborator: false,
    },
  };
}

function issueOffline(store: EmulatorStore, shop: ShopState, expiring: boolean, supersedes: readonly string[] = []): Record<string, unknown> {
  const token = store.tokens.issueAccessToken({
    shop: shop.domain,
    scopes: store.options.scopes,
    online: false,
    expiresInSeconds: expiring ? EXPIRING_OFFLINE_TOKEN_SECONDS : null,
    supersedes,
  });
  const refresh = expiring ? store.tokens.issueRefreshToken(shop.domain, token.scopes) : null;
  return offlineResponse(token, refresh?.token ?? null);
}

function exchange(store: EmulatorStore, shop: ShopState, request: TokenRequest): Record<string, unknown> {
  if (!request.subject_token) throw oauthError(400, "missing_subject_token", "The subject_token parameter is required for token exchange.");
  if (request.requested_token_type !== OFFLINE_TOKEN_TYPE && request.requested_token_type !== ONLINE_TOKEN_TYPE) {
    throw oauthError(400, "invalid_request", `Unsupported requested_token_type: ${request.requested_token_type ?? "(missing)"}`);
  }
  if (request.subject_token_type === OFFLINE_TOKEN_TYPE) {
    // Migration of a non-expiring offline token to an expiring one.
    const previous = store.tokens.authenticate(request.subject_token, shop.domain);
    if (!previous || previous.online || previous.expiresAt !== null) throw oauthError(400, "invalid_subject_token", "The subject token is not a valid non-expiring offline access token for this shop.");
    // After migration the non-expiring token no longer works, as on Shopify.
    store.tokens.revoke(previous.token);
    return issueOffline(store, shop, true);
  }
  if (request.subject_token_type !== ID_TOKEN_TYPE) throw oauthError(400, "invalid_request", `Unsupported subject_token_type: ${request.subject_token_type ?? "(missing)"}`);
  const check = verifySessionToken(request.subject_token, { secret: store.options.apiSecret, audience: store.options.apiKey, nowMs: store.now() });
  if (!check.ok) throw oauthError(400, "invalid_subject_token", `Session token is invalid: ${check.reason}`);
  const dest = check.payload.dest.replace(/^https:\/\//, "").replace(/\/$/, "");
  if (dest !== shop.domain) throw oauthError(400, "invalid_subject_token", `Session token is for ${dest}, not ${shop.domain}`);
  shop.installed = true;
  if (request.requested_token_type === ONLINE_TOKEN_TYPE) {
    const userId = Number(check.payload.sub ?? "1");
    const token = store.tokens.issueAccessToken({ shop: shop.domain, scopes: store.options.scopes, online: true, userId: Number.isSafeInteger(userId) ? userId : 1, expiresInSeconds: ONLINE_TOKEN_SECONDS });
    return onlineResponse(token, shop);
  }
  return issueOffline(store, shop, isExpiring(request.expiring));
}

function refresh(store: EmulatorStore, shop: ShopState, request: TokenRequest): Record<string, unknown> {
  if (!request.refresh_token) throw oauthError(400, "invalid_request", "The refresh_token parameter is required.");
  const record = store.tokens.findRefreshToken(request.refresh_token, shop.domain);
  if (!record) throw oauthError(400, "invalid_grant", "The refresh token is invalid, expired or revoked.");
  // The used refresh token stays valid until the new access token is first used.
  return issueOffline(store, shop, true, [record.token]);
}

export async function handleAccessTokenRequest(request: IncomingMessage, response: ServerResponse, store: EmulatorStore): Promise<void> {
  const domain = shopDomainOf(request);
  const shop = domain ? store.getShop(domain) : undefined;
  if (!shop) throw new HttpError(404, { errors: "Not Found" });
  const parsed = requestSchema.safeParse(parseJsonOrForm(await readBody(request), headerValue(request, "content-type")));
  if (!parsed.success) throw oauthError(400, "invalid_request", "The request is missing a required parameter or is malformed.");
  const body = parsed.data;
  if (body.client_id !== store.options.apiKey || !secretsEqual(body.client_secret ?? "", store.options.apiSecret)) {
    throw oauthError(401, "invalid_client", "Client authentication failed: unknown client_id or wrong client_secret.");
  }
  let result: Record<string, unknown>;
  if (body.grant_type === TOKEN_EXCHANGE_GRANT) result = exchange(store, shop, body);
  else if (body.grant_type === "refresh_token") result = refresh(store, shop, body);
  else throw oauthError(400, "unsupported_grant_type", `Unsupported grant_type: ${body.grant_type ?? "(missing)"}`);
  sendJson(response, 200, result);
}
