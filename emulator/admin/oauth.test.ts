/**
 * POST /admin/oauth/access_token: token exchange of App Bridge session tokens
 * (valid, bad signature, wrong audience, expired, wrong shop), expiring
 * offline tokens with refresh, online tokens, JSON and form bodies, and client
 * authentication.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSessionToken, type SessionTokenPayload } from "./oauth/session-token";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, ONLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "./oauth/token-endpoint";
import { adminGraphQL, dig, OTHER_SHOP, startTestEmulator, TEST_API_KEY, TEST_API_SECRET, TEST_SCOPES, TEST_SHOP, type TestEmulator } from "./test-support";

let harness: TestEmulator;

beforeAll(async () => {
  harness = await startTestEmulator();
});

afterAll(async () => {
  await harness.emulator.close();
});

function sessionToken(overrides: Partial<SessionTokenPayload> = {}, secret = TEST_API_SECRET): string {
  const now = Math.floor(harness.clock.current / 1000);
  return signSessionToken(
    { iss: `https://${TEST_SHOP}/admin`, dest: `https://${TEST_SHOP}`, aud: TEST_API_KEY, sub: "42", exp: now + 60, nbf: now, iat: now, jti: randomUUID(), sid: randomUUID(), ...overrides },
    secret,
  );
}

async function requestToken(body: Record<string, string>, options: { form?: boolean; shop?: string } = {}) {
  const response = await fetch(`${harness.emulator.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": options.form ? "application/x-www-form-urlencoded" : "application/json", Accept: "application/json", "x-plume-emulator-shop": options.shop ?? TEST_SHOP },
    body: options.form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function exchangeBody(subjectToken: string, requested = OFFLINE_TOKEN_TYPE, extra: Record<string, string> = {}): Record<string, string> {
  return { client_id: TEST_API_KEY, client_secret: TEST_API_SECRET, grant_type: TOKEN_EXCHANGE_GRANT, subject_token: subjectToken, subject_token_type: ID_TOKEN_TYPE, requested_token_type: requested, ...extra };
}

describe("token exchange", () => {
  it("exchanges a valid session token for an offline token that works on the GraphQL API", async () => {
    const response = await requestToken(exchangeBody(sessionToken()));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ access_token: expect.stringMatching(/^shpat_[0-9a-f]{32}$/), scope: TEST_SCOPES });
    const query = await adminGraphQL(harness.emulator, String(response.body["access_token"]), "{ shop { myshopifyDomain } }");
    expect(dig(query.body.data, "shop", "myshopifyDomain")).toBe(TEST_SHOP);
  });

  it("accepts a form-encoded body as well", async () => {
    const response = await requestToken(exchangeBody(sessionToken()), { form: true });
    expect(response.status).toBe(200);
    expect(response.body["access_token"]).toMatch(/^shpat_/);
  });

  it("issues an online token with the associated user from the session token's sub", async () => {
    const response = await requestToken(exchangeBody(sessionToken({ sub: "42" }), ONLINE_TOKEN_TYPE));
    expect(response.body).toMatchObject({ access_token: expect.stringMatching(/^shpua_/), expires_in: 86399, associated_user_scope: TEST_SCOPES, associated_user: { id: 42 } });
  });

  it("rejects a session token signed with another secret", async () => {
    const response = await requestToken(exchangeBody(sessionToken({}, "not-the-secret")));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: "invalid_subject_token", error_description: "Session token is invalid: signature verification failed" });
  });

  it("rejects a session token for another app (wrong audience)", async () => {
    const response = await requestToken(exchangeBody(sessionToken({ aud: "someone-elses-api-key" })));
    expect(response.status).toBe(400);
    expect(response.body["error"]).toBe("invalid_subject_token");
    expect(response.body["error_description"]).toMatch(/audience/);
  });

  it("rejects an expired session token, allowing a few seconds of clock skew", async () => {
    const now = Math.floor(harness.clock.current / 1000);
    const slightlyLate = await requestToken(exchangeBody(sessionToken({ exp: now - 3, nbf: now - 63, iat: now - 63 })));
    expect(slightlyLate.status).toBe(200);
    const expired = await requestToken(exchangeBody(sessionToken({ exp: now - 30, nbf: now - 90, iat: now - 90 })));
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual({ error: "invalid_subject_token", error_description: "Session token is invalid: token expired" });
  });

  it("rejects a session token whose dest is another shop", async () => {
    const response = await requestToken(exchangeBody(sessionToken()), { shop: OTHER_SHOP });
    expect(response.status).toBe(400);
    expect(response.body["error"]).toBe("invalid_subject_token");
  });

  it("authenticates the client: a wrong client_secret is invalid_client", async () => {
    const response = await requestToken({ ...exchangeBody(sessionToken()), client_secret: "wrong" });
    expect(response.status).toBe(401);
    expect(response.body["error"]).toBe("invalid_client");
  });
});

describe("expiring offline tokens", () => {
  it("returns expires_in and a refresh token; refresh rotates, the old access token expires after an hour", async () => {
    const first = await requestToken(exchangeBody(sessionToken(), OFFLINE_TOKEN_TYPE, { expiring: "1" }));
    expect(first.body).toEqual({ access_token: expect.stringMatching(/^shpat_/), scope: TEST_SCOPES, expires_in: 3600, refresh_token: expect.stringMatching(/^shprt_/), refresh_token_expires_in: 7776000 });
    const accessToken = String(first.body["access_token"]);
    expect((await adminGraphQL(harness.emulator, accessToken, "{ shop { name } }")).status).toBe(200);

    harness.clock.advance(3601_000);
    expect((await adminGraphQL(harness.emulator, accessToken, "{ shop { name } }")).status).toBe(401);

    const refreshed = await requestToken({ client_id: TEST_API_KEY, client_secret: TEST_API_SECRET, grant_type: "refresh_token", refresh_token: String(first.body["refresh_token"]) });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body["refresh_token"]).not.toBe(first.body["refresh_token"]);
    // The old refresh token still works until the new access token is used (lost-response recovery).
    const retried = await requestToken({ client_id: TEST_API_KEY, client_secret: TEST_API_SECRET, grant_type: "refresh_token", refresh_token: String(first.body["refresh_token"]) });
    expect(retried.status).toBe(200);
    expect((await adminGraphQL(harness.emulator, String(retried.body["access_token"]), "{ shop { name } }")).status).toBe(200);
    const reused = await requestToken({ client_id: TEST_API_KEY, client_secret: TEST_API_SECRET, grant_type: "refresh_token", refresh_token: String(first.body["refresh_token"]) });
    expect(reused.status).toBe(400);
    expect(reused.body["error"]).toBe("invalid_grant");
  });
});
