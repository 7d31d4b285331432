import { afterAll, beforeAll, describe, expect, it } from "vitest";
import database from "~/db.server";
import { redactShop } from "~/shops/lifecycle.server";
import { TEST_ENVIRONMENT, TEST_SHOP } from "../support/environment";
import { installOfflineSession } from "../support/sessions";
import { loadRemixApp } from "../support/remix-app";
import { documentRequest, sessionToken } from "../support/requests";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";

let app: Awaited<ReturnType<typeof loadRemixApp>>;

beforeAll(async () => {
  app = await loadRemixApp();
  await installOfflineSession(database, TEST_SHOP);
  await database.shop.create({ data: { shop: TEST_SHOP, scopes: TEST_ENVIRONMENT.SCOPES } });
});

afterAll(async () => {
  await redactShop(database, TEST_SHOP);
  await app.close();
});

describe("document responses", () => {
  it("the embedded app document carries frame-ancestors for the shop and admin.shopify.com", async () => {
    const response = await app.handle(documentRequest("/app/settings", TEST_SHOP, await sessionToken(TEST_SHOP)));
    expect(response.status).toBe(200);
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("frame-ancestors");
    expect(csp).toContain(`https://${TEST_SHOP}`);
    expect(csp).toContain("https://admin.shopify.com");
    const html = await response.text();
    expect(html).toContain(ADMIN_API_VERSION);
    expect(html).toContain("https://cdn.shopify.com/shopifycloud/app-bridge.js");
  });

  it("renders in the admin's language: French catalogue and Polaris French strings", async () => {
    const response = await app.handle(documentRequest("/app/settings", TEST_SHOP, await sessionToken(TEST_SHOP), { locale: "fr" }));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Paramètres");
    expect(html).toContain("Version de l’API Admin");
    expect(response.headers.get("Set-Cookie")).toContain("plume_locale=");
  });

  it("the landing page outside Shopify admin may not be framed by anyone", async () => {
    const response = await app.handle(new Request(new URL("/", TEST_ENVIRONMENT.SHOPIFY_APP_URL), { headers: { Accept: "text/html" } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Security-Policy")).toBe("frame-ancestors 'none';");
  });

  it("a document request without a valid id_token never renders app data", async () => {
    const response = await app.handle(documentRequest("/app/settings", TEST_SHOP, await sessionToken(TEST_SHOP, {}, "wrong-secret")));
    const html = response.status === 200 ? await response.text() : "";
    expect(html).not.toContain(ADMIN_API_VERSION);
  });
});
