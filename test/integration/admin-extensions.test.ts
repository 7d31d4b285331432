import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import database from "~/db.server";
import { MAX_SELECTION_IDS } from "~/jobs/types";
import { updateModelSettings } from "~/models/settings.server";
import { modelRegistry } from "~/models/runtime.server";
import { ADMIN_API_VERSION } from "~/shopify/api-version";
import { redactShop } from "~/shops/lifecycle.server";
import { createShopifyRedirectFetch } from "../../emulator/admin/redirect-fetch";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { TEST_ENVIRONMENT } from "../support/environment";
import { loadRemixApp } from "../support/remix-app";
import { sessionToken } from "../support/requests";

/**
 * The admin UI extensions' backend through the real routes, as the extensions call it from
 * Shopify's CDN origin: real session tokens (signed with the app secret, verified by the
 * library), the shop's offline token issued by the Admin emulator, which answers every Admin
 * call (product snapshots for the estimate, the product page's reads and writes).
 * The preflight gets its CORS answer before any auth; every answer, refusals included,
 * carries the CORS headers; 250 ids become one job of 250 items.
 */
const SHOP = "admin-extensions.myshopify.com";
const OTHER = "admin-extensions-other.myshopify.com";
const ORIGIN = "https://extensions.shopifycdn.com";
const PRODUCTS = 260;
let emulator: RunningAdminEmulator;
let app: Awaited<ReturnType<typeof loadRemixApp>>;
let token: string;
const previousRunner = process.env.PLUME_JOB_RUNNER;

beforeAll(async () => {
  // Jobs are recorded, not run: this file checks what the routes hand to the job service.
  process.env.PLUME_JOB_RUNNER = "off";
  emulator = await startAdminEmulator({
    apiKey: TEST_ENVIRONMENT.SHOPIFY_API_KEY,
    apiSecret: TEST_ENVIRONMENT.SHOPIFY_API_SECRET,
    scopes: TEST_ENVIRONMENT.SCOPES,
    plan: "plus",
    shops: [{ domain: SHOP, seed: { products: PRODUCTS, seed: 1204 } }],
  });
  await database.session.create({
    data: {
      id: `offline_${SHOP}`,
      shop: SHOP,
      state: "",
      isOnline: false,
      scope: TEST_ENVIRONMENT.SCOPES,
      accessToken: emulator.store.issueAccessToken(SHOP).token,
      expires: new Date(Date.now() + 3600_000),
      refreshToken: "shprt_unused",
      refreshTokenExpires: new Date(Date.now() + 30 * 86400_000),
    },
  });
  await database.shop.create({ data: { shop: SHOP, scopes: TEST_ENVIRONMENT.SCOPES } });
  app = await loadRemixApp();
  // After the app: its node adapter sets the library's fetch when it loads.
  setAbstractFetchFunc(createShopifyRedirectFetch(emulator.url));
  token = await sessionToken(SHOP);
});

afterAll(async () => {
  await redactShop(database, SHOP);
  await redactShop(database, OTHER);
  await app?.close();
  await emulator?.close();
  if (previousRunner === undefined) delete process.env.PLUME_JOB_RUNNER;
  else process.env.PLUME_JOB_RUNNER = previousRunner;
});

function call(path: string, init: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> } = {}) {
  const headers = new Headers({ Origin: ORIGIN, Accept: "application/json", ...init.headers });
  const bearer = init.token === undefined ? token : init.token;
  if (bearer) headers.set("Authorization", `Bearer ${bearer}`);
  if (init.body !== undefined) headers.set("Content-Type", "application/json");
  return app.handle(
    new Request(new URL(path, TEST_ENVIRONMENT.SHOPIFY_APP_URL), {
      method: init.method ?? "GET",
      headers,
      ...(init.body === undefined ? {} : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }),
    }),
  );
}

function expectCors(response: Response) {
  expect(response.headers.get("access-control-allow-origin")).toBe("*");
  expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
}

async function adminQuery<T>(query: string): Promise<T> {
  const response = await fetch(`${emulator.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": emulator.store.issueAccessToken(SHOP).token, "x-plume-emulator-shop": SHOP },
    body: JSON.stringify({ query }),
  });
  return ((await response.json()) as { data: T }).data;
}

async function productIds(count: number): Promise<string[]> {
  const data = await adminQuery<{ products: { nodes: Array<{ id: string }> } }>(`{ products(first: ${count}) { nodes { id } } }`);
  return data.products.nodes.map((node) => node.id);
}

const job = (ids: string[], extra: { backendId?: string; modelId?: string } = {}) => ({
  request: { fields: ["seoTitle", "metaDescription"], locales: ["en"], backendId: "templates", modelId: "default", ...extra },
  selection: { kind: "ids", ids },
  mode: "review",
});

describe("admin extension routes", () => {
  it.each(["/api/extension/jobs", "/api/extension/estimate", "/api/extension/product/1"])("answers the preflight OPTIONS %s with CORS headers, no auth and no redirect", async (path) => {
    const response = await call(path, {
      method: "OPTIONS",
      token: null,
      headers: { "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("location")).toBeNull();
    expectCors(response);
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
  });

  it("refuses a request without a session token with 401 and CORS headers (the extension can read it)", async () => {
    const response = await call("/api/extension/jobs", { token: null });
    expect(response.status).toBe(401);
    expect(response.headers.get("location")).toBeNull();
    expectCors(response);
  });

  it("refuses a token signed with another secret", async () => {
    const forged = await sessionToken(SHOP, {}, "not-the-app-secret");
    const response = await call("/api/extension/jobs", { token: forged });
    expect(response.status).toBe(401);
    expectCors(response);
  });

  it("answers the bulk form with the shop's defaults", async () => {
    const response = await call("/api/extension/jobs");
    expect(response.status).toBe(200);
    expectCors(response);
    const body = (await response.json()) as { ok: boolean; defaults: { fields: string[]; locales: string[] }; model: { backendId: string } };
    expect(body.ok).toBe(true);
    expect(body.defaults.fields.length).toBeGreaterThan(0);
    expect(body.defaults.locales[0]).toBe("en");
    expect(body.model.backendId).toBe("templates");
  });

  it("estimates 250 selected products and starts one job of 250 items from them", async () => {
    const ids = await productIds(250);
    expect(ids).toHaveLength(250);
    const estimate = await call("/api/extension/estimate", { method: "POST", body: job(ids) });
    expect(estimate.status).toBe(200);
    expectCors(estimate);
    const answer = (await estimate.json()) as { estimate: { products: number; costMicros: number }; refusal: unknown };
    expect(answer.estimate.products).toBe(250);
    expect(answer.refusal).toBeNull();

    const jobsBefore = await database.job.count({ where: { shop: SHOP } });
    const started = await call("/api/extension/jobs", { method: "POST", body: job(ids) });
    expect(started.status).toBe(201);
    expectCors(started);
    const body = (await started.json()) as { job: { id: string; total: number }; jobPath: string };
    expect(body.job.total).toBe(250);
    expect(body.jobPath).toBe(`/app/jobs/${body.job.id}`);
    expect(await database.job.count({ where: { shop: SHOP } })).toBe(jobsBefore + 1);
    // The Jobs list says where it came from; a merchant's click carries no origin key (each click is a job).
    expect(await database.job.findUniqueOrThrow({ where: { id: body.job.id } })).toMatchObject({ origin: "admin_action", originKey: null });
    const items = await database.jobItem.findMany({ where: { jobId: body.job.id, shop: SHOP }, select: { productId: true } });
    expect(items.map((item) => item.productId).sort()).toEqual([...ids].sort());
  });

  it("answers malformed bodies 400 with a reason, with CORS headers", async () => {
    const notJson = await call("/api/extension/jobs", { method: "POST", body: "{nope" });
    expect(notJson.status).toBe(400);
    expectCors(notJson);
    expect(await notJson.json()).toMatchObject({ ok: false, error: "invalid_json" });
    const badIds = await call("/api/extension/estimate", { method: "POST", body: job(["gid://shopify/Order/1"]) });
    expect(badIds.status).toBe(400);
    expectCors(badIds);
    const refused = (await badIds.json()) as { error: string; errors: Record<string, string> };
    expect(refused.error).toBe("invalid_input");
    expect(Object.keys(refused.errors).join(" ")).toContain("selection");
    const badProduct = await call("/api/extension/product/not-a-number");
    expect(badProduct.status).toBe(400);
    expectCors(badProduct);
  });

  it("refuses a selection longer than a job takes as a list with the limit, not as malformed input", async () => {
    const ids = Array.from({ length: MAX_SELECTION_IDS + 1 }, (_, index) => `gid://shopify/Product/${900000 + index}`);
    for (const path of ["/api/extension/estimate", "/api/extension/jobs"]) {
      const response = await call(path, { method: "POST", body: job(ids) });
      expect(response.status).toBe(400);
      expectCors(response);
      expect(await response.json()).toMatchObject({ ok: false, error: "too_many_products", params: { max: MAX_SELECTION_IDS, selected: MAX_SELECTION_IDS + 1 } });
    }
  });

  it("refuses a start over the monthly cap with the numbers", async () => {
    const ids = await productIds(30);
    await updateModelSettings(database, modelRegistry(), SHOP, { monthlyBudgetMicros: 1 });
    try {
      const priced = job(ids, { backendId: "openai", modelId: "gpt-6-luna" });
      const estimate = (await (await call("/api/extension/estimate", { method: "POST", body: priced })).json()) as { refusal: { code: string; numbers: { capMicros: number; estimateMicros: number } } };
      expect(estimate.refusal.code).toBe("budget_exceeded");
      expect(estimate.refusal.numbers.capMicros).toBe(1);
      const jobsBefore = await database.job.count({ where: { shop: SHOP, status: { not: "cancelled" } } });
      const response = await call("/api/extension/jobs", { method: "POST", body: priced });
      expect(response.status).toBe(400);
      expectCors(response);
      const body = (await response.json()) as { error: string; params: { capMicros: number; estimateMicros: number; spentMicros: number } };
      expect(body.error).toBe("budget_exceeded");
      expect(body.params.capMicros).toBe(1);
      expect(body.params.estimateMicros).toBeGreaterThan(1);
      expect(await database.job.count({ where: { shop: SHOP, status: { not: "cancelled" } } })).toBe(jobsBefore);
    } finally {
      await updateModelSettings(database, modelRegistry(), SHOP, { monthlyBudgetMicros: null });
    }
  });

  it("generates for one product with the shop's settings, shows current beside proposed, and applies one field to the emulated shop", async () => {
    const [productId] = await productIds(1);
    const numeric = productId!.split("/").pop()!;
    const empty = await call(`/api/extension/product/${numeric}`);
    expect(empty.status).toBe(200);
    expectCors(empty);
    const generated = await call(`/api/extension/product/${numeric}`, { method: "POST", body: { intent: "generate" } });
    expect(generated.status).toBe(200);
    expectCors(generated);
    const view = (await generated.json()) as { generated: { ok: boolean }; rows: Array<{ proposalId: string; field: string; current: string; proposed: string }> };
    expect(view.generated.ok).toBe(true);
    expect(view.rows.length).toBeGreaterThan(0);
    const title = view.rows.find((row) => row.field === "seoTitle")!;
    expect(title.proposed).not.toBe("");
    const applied = await call(`/api/extension/product/${numeric}`, { method: "POST", body: { intent: "apply", proposalIds: [title.proposalId] } });
    expect(applied.status).toBe(200);
    expectCors(applied);
    const after = (await applied.json()) as { applied: Array<{ proposalId: string; status: string }>; rows: Array<{ proposalId: string }> };
    expect(after.applied).toEqual([{ proposalId: title.proposalId, field: "seoTitle", status: "written", reason: null }]);
    expect(after.rows.map((row) => row.proposalId)).not.toContain(title.proposalId);
    const written = await adminQuery<{ product: { seo: { title: string } } }>(`{ product(id: "${productId}") { seo { title } } }`);
    expect(written.product.seo.title).toBe(title.proposed);
    // Applying the same proposal again: nothing pending, said so.
    const again = await call(`/api/extension/product/${numeric}`, { method: "POST", body: { intent: "apply", proposalIds: [title.proposalId] } });
    expect(again.status).toBe(409);
    expectCors(again);
    expect(await again.json()).toMatchObject({ error: "nothing_to_apply" });
  });

  it("keeps shops apart: another shop's proposal ids apply nothing", async () => {
    const [productId] = await productIds(1);
    const numeric = productId!.split("/").pop()!;
    const foreign = await database.proposal.create({ data: { shop: OTHER, productId: productId!, field: "seoTitle", locale: "en", resourceId: productId!, value: "Foreign", warnings: "[]", backendId: "templates", modelId: "default" } });
    const response = await call(`/api/extension/product/${numeric}`, { method: "POST", body: { intent: "apply", proposalIds: [foreign.id] } });
    expect(response.status).toBe(409);
    expect((await database.proposal.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe("pending");
  });
});
