import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleFlowActionRequest } from "~/automation/flow-request.server";
import { FLOW_ACTION_PATH } from "~/automation/flow-extensions";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import database from "~/db.server";
import { NO_DISPATCH } from "~/jobs/dispatcher";
import type { JobServiceDependencies } from "~/jobs/service.server";
import { jobRequestSchema, jobSelectionSchema } from "~/jobs/types";
import { authenticate } from "~/shopify.server";
import { redactShop } from "~/shops/lifecycle.server";
import { createShopifyRedirectFetch } from "../../emulator/admin/redirect-fetch";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { TEST_ENVIRONMENT } from "../support/environment";

/**
 * The Flow action "Generate product copy" through `authenticate.flow` (the library's HMAC check and the shop's
 * offline session, Admin calls to the emulator): signed runs queue one job per action_run_id, whatever the
 * retries; runs of the action's first version (no fields, no review switch) are accepted with the shop's
 * defaults; unsigned or forged runs get 401, malformed ones 400 with the reason, and start nothing.
 */
const SHOP = "flow-action.myshopify.com";
const NOT_INSTALLED = "flow-not-installed.myshopify.com";
let admin: RunningAdminEmulator;
let productIds: string[];
const deps: JobServiceDependencies = { database, dispatcher: NO_DISPATCH };

beforeAll(async () => {
  admin = await startAdminEmulator({
    apiKey: TEST_ENVIRONMENT.SHOPIFY_API_KEY,
    apiSecret: TEST_ENVIRONMENT.SHOPIFY_API_SECRET,
    scopes: TEST_ENVIRONMENT.SCOPES,
    plan: "plus",
    shops: [{ domain: SHOP, seed: { products: 3, seed: 5 } }],
  });
  setAbstractFetchFunc(createShopifyRedirectFetch(admin.url));
  const token = admin.store.issueAccessToken(SHOP).token;
  await database.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: TEST_ENVIRONMENT.SCOPES, accessToken: token } });
  await saveCopySettings(database, SHOP, copySettingsSchema.parse({ fields: ["seoTitle", "metaDescription"] }));
  productIds = [...admin.store.requireShop(SHOP).catalog.all()].map((product) => product.id);
});

afterAll(async () => {
  await redactShop(database, SHOP);
  await admin.close();
});

/** A run as Flow posts it: JSON signed with the app secret in X-Shopify-Hmac-Sha256 (null: unsigned). */
function flowRequest(body: unknown, options: { hmac?: string | null; raw?: string } = {}): Request {
  const text = options.raw ?? JSON.stringify(body);
  const headers = new Headers({ "Content-Type": "application/json" });
  const hmac = options.hmac === undefined ? getHmac(text, TEST_ENVIRONMENT.SHOPIFY_API_SECRET) : options.hmac;
  if (hmac !== null) headers.set("X-Shopify-Hmac-Sha256", hmac);
  return new Request(new URL(FLOW_ACTION_PATH, TEST_ENVIRONMENT.SHOPIFY_APP_URL), { method: "POST", body: text, headers });
}

const run = (actionRunId: string, properties: Record<string, unknown>, shop = SHOP) => ({
  shop_id: 1,
  shopify_domain: shop,
  action_run_id: actionRunId,
  handle: "plume-generate-copy",
  action_definition_id: "plume-generate-copy",
  properties,
});

async function post(request: Request) {
  const response = await handleFlowActionRequest(request, authenticate.flow, () => deps);
  return { status: response.status, body: (await response.json()) as { ok: boolean; jobId?: string; duplicate?: boolean; error?: string; errors?: Record<string, string> } };
}

const jobCount = () => database.job.count({ where: { shop: SHOP } });

describe("Flow action: Generate product copy", () => {
  it("a signed run queues one review job for the product, with the shop's fields, and answers at once with its id", async () => {
    const legacyId = productIds[0]!.split("/").pop()!;
    const { status, body } = await post(flowRequest(run("run-1", { product_id: Number(legacyId) })));
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, duplicate: false });
    const job = await database.job.findUniqueOrThrow({ where: { id: body.jobId! } });
    expect(job).toMatchObject({ shop: SHOP, origin: "flow_action", originKey: "flow:run-1", mode: "review", status: "queued", total: 1, createdBy: "Shopify Flow" });
    expect(jobSelectionSchema.parse(JSON.parse(job.selection))).toEqual({ kind: "ids", ids: [productIds[0]] });
    expect(jobRequestSchema.parse(JSON.parse(job.request)).fields).toEqual(["seoTitle", "metaDescription"]);
    expect(await database.jobItem.count({ where: { jobId: job.id } })).toBe(1);
  });

  it("Flow's retries of a run (same action_run_id), even two at once, leave exactly one job", async () => {
    const before = await jobCount();
    const first = await post(flowRequest(run("run-2", { product_id: productIds[1] })));
    const again = await post(flowRequest(run("run-2", { product_id: productIds[1] })));
    expect(again).toEqual({ status: 200, body: { ok: true, jobId: first.body.jobId, duplicate: true } });
    const concurrent = await Promise.all([1, 2, 3].map(() => post(flowRequest(run("run-3", { product_id: productIds[2] })))));
    expect(concurrent.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(new Set(concurrent.map((answer) => answer.body.jobId)).size).toBe(1);
    expect(concurrent.filter((answer) => answer.body.duplicate === false)).toHaveLength(1);
    expect(await jobCount()).toBe(before + 2);
  });

  it("takes the newer fields (fields to write, apply without review) and accepts the first version's runs without them", async () => {
    const newer = await post(flowRequest(run("run-4", { product_id: productIds[0], fields: "Description, SEO title", apply_without_review: true })));
    expect(newer.status).toBe(200);
    const job = await database.job.findUniqueOrThrow({ where: { id: newer.body.jobId! } });
    expect(job.mode).toBe("auto_apply");
    expect(jobRequestSchema.parse(JSON.parse(job.request)).fields).toEqual(["descriptionHtml", "seoTitle"]);

    const empty = await post(flowRequest(run("run-5", { product_id: productIds[0], fields: "", apply_without_review: false })));
    expect(jobRequestSchema.parse(JSON.parse((await database.job.findUniqueOrThrow({ where: { id: empty.body.jobId! } })).request)).fields).toEqual(["seoTitle", "metaDescription"]);

    // Version 1: a product reference (a GID here) and nothing else, no handle either.
    const { handle: _handle, ...oldRun } = run("run-6", { product_id: productIds[2] });
    const old = await post(flowRequest(oldRun));
    expect(old.status).toBe(200);
    expect(await database.job.findUniqueOrThrow({ where: { id: old.body.jobId! } })).toMatchObject({ mode: "review", origin: "flow_action" });
  });

  it("refuses a forged or missing signature with 401 and starts nothing", async () => {
    const before = await jobCount();
    const forged = await post(flowRequest(run("run-7", { product_id: productIds[0] }), { hmac: getHmac("another body", TEST_ENVIRONMENT.SHOPIFY_API_SECRET) }));
    expect(forged).toEqual({ status: 401, body: { ok: false, error: "invalid_signature" } });
    const wrongSecret = await post(flowRequest(run("run-7", { product_id: productIds[0] }), { hmac: getHmac(JSON.stringify(run("run-7", { product_id: productIds[0] })), "not-the-secret") }));
    expect(wrongSecret.status).toBe(401);
    const unsigned = await post(flowRequest(run("run-7", { product_id: productIds[0] }), { hmac: null }));
    expect(unsigned.status).toBe(401);
    expect(await jobCount()).toBe(before);
  });

  it("answers a malformed run with 400 and the reason, and starts nothing", async () => {
    const before = await jobCount();
    expect(await post(flowRequest(null, { raw: "{not json" }))).toEqual({ status: 400, body: { ok: false, error: "invalid_json" } });
    const noProduct = await post(flowRequest(run("run-8", {})));
    expect(noProduct.status).toBe(400);
    expect(noProduct.body).toMatchObject({ error: "invalid_input", errors: { "properties.product_id": expect.any(String) } });
    const badField = await post(flowRequest(run("run-9", { product_id: productIds[0], fields: "description, price" })));
    expect(badField.status).toBe(400);
    expect(badField.body.errors?.["properties.fields"]).toContain('unknown field "price"');
    const badProduct = await post(flowRequest(run("run-10", { product_id: "gid://shopify/Order/1" })));
    expect(badProduct.status).toBe(400);
    const noRunId = await post(flowRequest({ shopify_domain: SHOP, properties: { product_id: 1 } }));
    expect(noRunId.body.errors).toHaveProperty("action_run_id");
    expect(await jobCount()).toBe(before);
  });

  it("answers 400 for a shop without Plume installed", async () => {
    const response = await post(flowRequest(run("run-11", { product_id: 1 }, NOT_INSTALLED)));
    expect(response).toEqual({ status: 400, body: { ok: false, error: "shop_not_installed" } });
    expect(await database.job.count({ where: { shop: NOT_INSTALLED } })).toBe(0);
  });
});
