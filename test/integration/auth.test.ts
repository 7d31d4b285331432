import { afterAll, beforeAll, describe, expect, it } from "vitest";
import database from "~/db.server";
import { redactShop } from "~/shops/lifecycle.server";
import { loader as settingsLoader } from "~/routes/app.settings";
import { TEST_SHOP } from "../support/environment";
import { installOfflineSession } from "../support/sessions";
import { bearerRequest, sessionToken } from "../support/requests";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";

// The real authenticate.admin from app/shopify.server.ts, with session tokens
// minted by @shopify/shopify-api's own test helpers.
async function callSettings(request: Request): Promise<Response | unknown> {
  try {
    return await settingsLoader({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

beforeAll(async () => {
  await installOfflineSession(database, TEST_SHOP);
});

afterAll(async () => {
  await redactShop(database, TEST_SHOP);
});

describe("authenticate.admin on an app route", () => {
  it("passes a valid session token and returns the shop's data", async () => {
    const result = await callSettings(bearerRequest("/app/settings", await sessionToken(TEST_SHOP)));
    expect(result).not.toBeInstanceOf(Response);
    expect(result).toMatchObject({ apiVersion: ADMIN_API_VERSION, scopes: expect.arrayContaining(["write_products"]) });
  });

  it("refuses a request with no session token (sends it to log in, returns no data)", async () => {
    const result = await callSettings(bearerRequest("/app/settings"));
    expect(result).toBeInstanceOf(Response);
    const response = result as Response;
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get("Location") ?? "", "https://x").pathname).toBe("/auth/login");
  });

  it("refuses an expired session token", async () => {
    const past = Math.floor(Date.now() / 1000) - 600;
    const token = await sessionToken(TEST_SHOP, { exp: past, nbf: past - 60, iat: past - 60 });
    const result = await callSettings(bearerRequest("/app/settings", token));
    expect((result as Response).status).toBe(401);
  });

  it("refuses a session token minted for another app (wrong audience)", async () => {
    const result = await callSettings(bearerRequest("/app/settings", await sessionToken(TEST_SHOP, { aud: "someone-elses-app" })));
    expect((result as Response).status).toBe(401);
  });

  it("refuses a session token signed with the wrong secret", async () => {
    const result = await callSettings(bearerRequest("/app/settings", await sessionToken(TEST_SHOP, {}, "not-the-app-secret")));
    expect((result as Response).status).toBe(401);
  });

  it("refuses a token whose signature was tampered with", async () => {
    const token = await sessionToken(TEST_SHOP);
    const [header, payload] = token.split(".");
    const forged = `${header}.${payload}.${Buffer.from("forged-signature").toString("base64url")}`;
    const result = await callSettings(bearerRequest("/app/settings", forged));
    expect((result as Response).status).toBe(401);
  });
});
