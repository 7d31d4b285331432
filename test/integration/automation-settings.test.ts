import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadNewProductAutomation } from "~/automation/settings";
import database from "~/db.server";
import { redactShop } from "~/shops/lifecycle.server";
import { TEST_ENVIRONMENT } from "../support/environment";
import { loadRemixApp } from "../support/remix-app";
import { sessionToken } from "../support/requests";
import { installOfflineSession } from "../support/sessions";

/** Settings → "Write copy for new products" through the real routes with a session token: saved per shop, read back by the page. */
const SHOP = "automation-settings.myshopify.com";
let app: Awaited<ReturnType<typeof loadRemixApp>>;
let token: string;

beforeAll(async () => {
  app = await loadRemixApp();
  await installOfflineSession(database, SHOP);
  await database.shop.create({ data: { shop: SHOP, scopes: TEST_ENVIRONMENT.SCOPES } });
  token = await sessionToken(SHOP);
});

afterAll(async () => {
  await redactShop(database, SHOP);
  await app.close();
});

function post(fields: Record<string, string>) {
  return app.handle(
    new Request(new URL("/app/settings/automation.data", TEST_ENVIRONMENT.SHOPIFY_APP_URL), {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      body: new URLSearchParams(fields),
    }),
  );
}

describe("new-product automation settings", () => {
  it("is off with every field, review and fill blanks only until the merchant saves", async () => {
    expect(await loadNewProductAutomation(database, SHOP)).toEqual({ enabled: false, fields: ["descriptionHtml", "seoTitle", "metaDescription", "altText"], model: null, mode: "review", writePolicy: "fill_blanks" });
  });

  it("saves the merchant's choices for this shop only", async () => {
    const response = await post({ enabled: "true", fields: '["seoTitle","metaDescription","seoTitle"]', backendId: "templates", modelId: "default", mode: "auto_apply", writePolicy: "overwrite" });
    expect(response.status).toBe(200);
    expect(await loadNewProductAutomation(database, SHOP)).toEqual({
      enabled: true,
      fields: ["seoTitle", "metaDescription"],
      model: { backendId: "templates", modelId: "default" },
      mode: "auto_apply",
      writePolicy: "overwrite",
    });
    expect((await loadNewProductAutomation(database, "someone-else.myshopify.com")).enabled).toBe(false);
    const back = await post({ enabled: "false", fields: '["altText"]', backendId: "", modelId: "", mode: "review", writePolicy: "fill_blanks" });
    expect(back.status).toBe(200);
    expect(await loadNewProductAutomation(database, SHOP)).toMatchObject({ enabled: false, fields: ["altText"], model: null });
  });

  it("refuses a request without a session token", async () => {
    const response = await app.handle(new Request(new URL("/app/settings/automation.data", TEST_ENVIRONMENT.SHOPIFY_APP_URL), { method: "POST", body: new URLSearchParams({ enabled: "true" }) }));
    expect(response.status).not.toBe(200);
    expect((await loadNewProductAutomation(database, SHOP)).enabled).toBe(false);
  });
});
