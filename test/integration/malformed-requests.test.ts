import { readdirSync } from "node:fs";
import path from "node:path";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import database from "~/db.server";
import { redactShop } from "~/shops/lifecycle.server";
import { TEST_ENVIRONMENT } from "../support/environment";
import { loadRemixApp } from "../support/remix-app";
import { sessionToken } from "../support/requests";
import { installOfflineSession } from "../support/sessions";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";

/**
 * Every action and loader of every route under app/routes, fed malformed
 * input with a real session token: the answer is 400 with a reason, never a
 * 500. Routes that read nothing from the request are listed with why.
 */
const SHOP = "malformed-requests.myshopify.com";
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

type Body = { form: Record<string, string> } | { raw: string; contentType: string };

interface Case {
  name: string;
  method: "GET" | "POST";
  /** single-fetch data URL, e.g. /app/settings.data */
  path: string;
  body?: Body;
}

function request(testCase: Case): Request {
  const headers = new Headers({ Authorization: `Bearer ${token}`, Accept: "application/json" });
  let body: string | URLSearchParams | undefined;
  if (testCase.body && "form" in testCase.body) body = new URLSearchParams(testCase.body.form);
  else if (testCase.body) {
    body = testCase.body.raw;
    headers.set("Content-Type", testCase.body.contentType);
  }
  return new Request(new URL(testCase.path, TEST_ENVIRONMENT.SHOPIFY_APP_URL), { method: testCase.method, headers, body });
}

const form = (fields: Record<string, string>): Body => ({ form: fields });
const json = (raw: string): Body => ({ raw, contentType: "application/json" });
const SETTINGS = "/app/settings.data";
const COPY = "/app/settings/copy.data";
const PRODUCT = "/app/products/123.data";
const long = (length: number) => "x".repeat(length);
const COMPARE = "/app/compare.data";
const COMPARISON = "/app/compare/no-such-comparison.data";
const validCompare = JSON.stringify({ models: [{ backendId: "templates", modelId: "default" }, { backendId: "openai", modelId: "gpt-4.1" }], request: { fields: ["seoTitle"], locale: "en" }, products: { kind: "ids", ids: ["gid://shopify/Product/1"] }, productIds: ["gid://shopify/Product/1"] });
const NEW_JOB = "/app/jobs/new.data?ids=1";
const JOB = "/app/jobs/no-such-job.data";
const AUTOMATION = "/app/settings/automation.data";
const newProducts = { enabled: "true", fields: '["seoTitle"]', backendId: "", modelId: "", mode: "review", writePolicy: "fill_blanks" };
const validJob = JSON.stringify({ request: { fields: ["seoTitle"], locales: ["en"] }, selection: { kind: "all" }, mode: "review" });

/** route file → malformed requests it must answer with 400 */
const MALFORMED: Record<string, Case[]> = {
  "app.settings.tsx": [
    { name: "not a form body", method: "POST", path: SETTINGS, body: { raw: "{not json", contentType: "application/json" } },
    { name: "no intent", method: "POST", path: SETTINGS, body: form({}) },
    { name: "unknown intent", method: "POST", path: SETTINGS, body: form({ intent: "drop-tables" }) },
    { name: "save-fallbacks with bad JSON", method: "POST", path: SETTINGS, body: form({ intent: "save-fallbacks", fallbacks: "{[" }) },
    { name: "save-fallbacks with a non-array", method: "POST", path: SETTINGS, body: form({ intent: "save-fallbacks", fallbacks: '{"a":1}' }) },
    { name: "save-model with a huge model id", method: "POST", path: SETTINGS, body: form({ intent: "save-model", backendId: "openai", modelId: long(5000) }) },
    { name: "save-model with an unknown backend", method: "POST", path: SETTINGS, body: form({ intent: "save-model", backendId: "nope", modelId: "gpt-4.1" }) },
    { name: "save-budget not a number", method: "POST", path: SETTINGS, body: form({ intent: "save-budget", monthlyBudgetUsd: "lots" }) },
    { name: "save-connection with a huge URL", method: "POST", path: SETTINGS, body: form({ intent: "save-connection", backendId: "custom", baseUrl: `https://${long(5000)}` }) },
    { name: "save-residency with a bad value", method: "POST", path: SETTINGS, body: form({ intent: "save-residency", euOnly: "maybe" }) },
    { name: "test-connection with an unknown backend", method: "POST", path: SETTINGS, body: form({ intent: "test-connection", backendId: "nope", modelId: "m" }) },
  ],
  "app.settings_.copy.tsx": [
    { name: "not a form body", method: "POST", path: COPY, body: { raw: "\u0000\u0001", contentType: "application/octet-stream" } },
    { name: "unknown intent", method: "POST", path: COPY, body: form({ intent: "nope" }) },
    { name: "save-instructions with bad JSON", method: "POST", path: COPY, body: form({ intent: "save-instructions", rows: "[{" }) },
    { name: "save-voice with an unknown tone", method: "POST", path: COPY, body: form({ intent: "save-voice", tone: "angry", brandVoice: "", exampleCopy: "" }) },
    { name: "save-lengths with fields missing", method: "POST", path: COPY, body: form({ intent: "save-lengths" }) },
    { name: "save-fields with an unknown field", method: "POST", path: COPY, body: form({ intent: "save-fields", fields: "price", writePolicy: "overwrite", allowLinks: "on" }) },
  ],
  "app.settings_.automation.tsx": [
    { name: "not a form body", method: "POST", path: AUTOMATION, body: { raw: "{not json", contentType: "application/json" } },
    { name: "nothing", method: "POST", path: AUTOMATION, body: form({}) },
    { name: "fields not JSON", method: "POST", path: AUTOMATION, body: form({ ...newProducts, fields: "[seoTitle" }) },
    { name: "an unknown field", method: "POST", path: AUTOMATION, body: form({ ...newProducts, fields: '["price"]' }) },
    { name: "no field", method: "POST", path: AUTOMATION, body: form({ ...newProducts, fields: "[]" }) },
    { name: "an unknown mode", method: "POST", path: AUTOMATION, body: form({ ...newProducts, mode: "yolo" }) },
    { name: "enabled not a boolean", method: "POST", path: AUTOMATION, body: form({ ...newProducts, enabled: "maybe" }) },
    { name: "an unknown backend", method: "POST", path: AUTOMATION, body: form({ ...newProducts, backendId: "nope", modelId: "m" }) },
    { name: "a backend without a model", method: "POST", path: AUTOMATION, body: form({ ...newProducts, backendId: "openai", modelId: "" }) },
  ],
  "app.products.tsx": [
    { name: "page=abc", method: "GET", path: "/app/products.data?page=abc" },
    { name: "page=0", method: "GET", path: "/app/products.data?page=0" },
    { name: "unknown status filter", method: "GET", path: "/app/products.data?status=DELETED" },
    { name: "query too long", method: "GET", path: `/app/products.data?query=${long(500)}` },
  ],
  "app.jobs_.new.tsx": [
    { name: "loader with no selection", method: "GET", path: "/app/jobs/new.data" },
    { name: "loader with non-numeric ids", method: "GET", path: "/app/jobs/new.data?ids=1,abc" },
    { name: "loader with an unknown scope", method: "GET", path: "/app/jobs/new.data?scope=everything" },
    { name: "loader with an unknown filter value", method: "GET", path: "/app/jobs/new.data?scope=filter&missing=price" },
    { name: "not a form body", method: "POST", path: NEW_JOB, body: { raw: "{", contentType: "application/json" } },
    { name: "unknown intent", method: "POST", path: NEW_JOB, body: form({ intent: "launch-missiles", payload: validJob }) },
    { name: "estimate with bad JSON", method: "POST", path: NEW_JOB, body: form({ intent: "estimate", payload: "{" }) },
    { name: "estimate with no fields", method: "POST", path: NEW_JOB, body: form({ intent: "estimate", payload: JSON.stringify({ request: { fields: [], locales: ["en"] }, selection: { kind: "all" } }) }) },
    { name: "start with an unknown selection kind", method: "POST", path: NEW_JOB, body: form({ intent: "start", payload: JSON.stringify({ request: { fields: ["seoTitle"], locales: ["en"] }, selection: { kind: "some" } }) }) },
    { name: "start with a non-product id", method: "POST", path: NEW_JOB, body: form({ intent: "start", payload: JSON.stringify({ request: { fields: ["seoTitle"], locales: ["en"] }, selection: { kind: "ids", ids: ["gid://shopify/Order/1"] } }) }) },
    { name: "start with a huge instruction", method: "POST", path: NEW_JOB, body: form({ intent: "start", payload: JSON.stringify({ request: { fields: ["seoTitle"], locales: ["en"], extraInstruction: long(2000) }, selection: { kind: "all" } }) }) },
  ],
  "app.jobs.tsx": [
    { name: "an unknown origin", method: "GET", path: "/app/jobs.data?origin=everywhere" },
    { name: "an origin with markup", method: "GET", path: "/app/jobs.data?origin=%3Cscript%3E" },
  ],
  "app.jobs_.$id.tsx": [
    { name: "loader with a malformed job id", method: "GET", path: "/app/jobs/bad%20id!.data" },
    { name: "loader with an unknown item status", method: "GET", path: `${JOB}?status=exploded` },
    { name: "loader with page=0", method: "GET", path: `${JOB}?page=0` },
    { name: "not a form body", method: "POST", path: JOB, body: { raw: "{}", contentType: "application/json" } },
    { name: "unknown intent", method: "POST", path: JOB, body: form({ intent: "delete" }) },
    { name: "review with bad JSON", method: "POST", path: JOB, body: form({ intent: "review", payload: "{" }) },
    { name: "review with an unknown decision", method: "POST", path: JOB, body: form({ intent: "review", payload: JSON.stringify({ decision: "maybe", scope: { kind: "all" } }) }) },
    { name: "review with no item ids", method: "POST", path: JOB, body: form({ intent: "review", payload: JSON.stringify({ decision: "approve", scope: { kind: "items", itemIds: [] } }) }) },
    { name: "edit with no proposal id", method: "POST", path: JOB, body: form({ intent: "edit", value: "x" }) },
    { name: "edit with a huge value", method: "POST", path: JOB, body: form({ intent: "edit", proposalId: "p1", value: long(30_000) }) },
  ],
  "app.jobs_.$id.export.tsx": [{ name: "a malformed job id", method: "GET", path: "/app/jobs/bad%20id!/export" }],
  "app.compare.tsx": [
    { name: "loader with non-numeric preselected ids", method: "GET", path: "/app/compare.data?ids=abc" },
    { name: "loader with 21 preselected ids", method: "GET", path: `/app/compare.data?ids=${Array.from({ length: 21 }, (_, index) => index + 1).join(",")}` },
    { name: "not a form body", method: "POST", path: COMPARE, body: { raw: "{}", contentType: "application/json" } },
    { name: "unknown intent", method: "POST", path: COMPARE, body: form({ intent: "launch", payload: validCompare }) },
    { name: "estimate with bad JSON", method: "POST", path: COMPARE, body: form({ intent: "estimate", payload: "{" }) },
    { name: "estimate with one model", method: "POST", path: COMPARE, body: form({ intent: "estimate", payload: JSON.stringify({ ...JSON.parse(validCompare), models: [{ backendId: "templates", modelId: "default" }] }) }) },
    { name: "estimate with a sample of 21", method: "POST", path: COMPARE, body: form({ intent: "estimate", payload: JSON.stringify({ ...JSON.parse(validCompare), products: { kind: "sample", filter: {}, size: 21 } }) }) },
    { name: "start with five models", method: "POST", path: COMPARE, body: form({ intent: "start", payload: JSON.stringify({ ...JSON.parse(validCompare), models: ["a", "b", "c", "d", "e"].map((modelId) => ({ backendId: "openai", modelId })) }) }) },
    { name: "start with 21 products", method: "POST", path: COMPARE, body: form({ intent: "start", payload: JSON.stringify({ ...JSON.parse(validCompare), productIds: Array.from({ length: 21 }, (_, index) => `gid://shopify/Product/${index + 1}`) }) }) },
    { name: "start with a non-product id", method: "POST", path: COMPARE, body: form({ intent: "start", payload: JSON.stringify({ ...JSON.parse(validCompare), productIds: ["gid://shopify/Order/1"] }) }) },
  ],
  "app.compare_.$id.tsx": [
    { name: "loader with a malformed comparison id", method: "GET", path: "/app/compare/bad%20id!.data" },
    { name: "not a form body", method: "POST", path: COMPARISON, body: { raw: "{}", contentType: "application/json" } },
    { name: "bad JSON", method: "POST", path: COMPARISON, body: form({ payload: "{" }) },
    { name: "unknown intent", method: "POST", path: COMPARISON, body: form({ payload: JSON.stringify({ intent: "explode" }) }) },
    { name: "vote for an unknown field", method: "POST", path: COMPARISON, body: form({ payload: JSON.stringify({ intent: "vote", productId: "gid://shopify/Product/1", field: "price", column: 0 }) }) },
    { name: "use a column out of range", method: "POST", path: COMPARISON, body: form({ payload: JSON.stringify({ intent: "use", column: 9, as: "primary" }) }) },
    { name: "vote on a comparison of no one", method: "POST", path: COMPARISON, body: form({ payload: JSON.stringify({ intent: "vote", productId: "gid://shopify/Product/1", field: "seoTitle", column: 0 }) }) },
  ],
  "app.catalog.search.tsx": [
    { name: "page 0", method: "GET", path: "/app/catalog/search.data?page=0" },
    { name: "page=abc", method: "GET", path: "/app/catalog/search.data?page=abc" },
    { name: "a search longer than 200 characters", method: "GET", path: `/app/catalog/search.data?query=${long(201)}` },
  ],
  "app.usage.tsx": [
    { name: "a month that does not exist", method: "GET", path: "/app/usage?month=2026-13" },
    { name: "two months at once", method: "GET", path: "/app/usage?month=2026-11&month=2026-10" },
  ],
  "app.usage_.export.tsx": [
    { name: "a month that is not YYYY-MM", method: "GET", path: "/app/usage/export?month=nov-2026" },
    { name: "a month that does not exist", method: "GET", path: "/app/usage/export?month=2026-00" },
  ],
  "app.jobs_.$id.progress.tsx": [{ name: "a malformed job id", method: "GET", path: "/app/jobs/bad%20id!/progress" }],
  "app.products_.$id.tsx": [
    { name: "loader with a non-numeric id", method: "GET", path: "/app/products/abc.data" },
    { name: "action with a non-numeric id", method: "POST", path: "/app/products/abc.data", body: form({ intent: "discard", proposalId: "p1" }) },
    { name: "not a form body", method: "POST", path: PRODUCT, body: { raw: "{}", contentType: "application/json" } },
    { name: "unknown intent", method: "POST", path: PRODUCT, body: form({ intent: "delete-everything" }) },
    { name: "generate with bad JSON", method: "POST", path: PRODUCT, body: form({ intent: "generate", payload: "{" }) },
    { name: "generate with no fields", method: "POST", path: PRODUCT, body: form({ intent: "generate", payload: JSON.stringify({ fields: [], locales: ["en"] }) }) },
    { name: "generate with a huge model id", method: "POST", path: PRODUCT, body: form({ intent: "generate", payload: JSON.stringify({ fields: ["seoTitle"], locales: ["en"], backendId: "openai", modelId: long(10_000) }) }) },
    { name: "apply with empty selections", method: "POST", path: PRODUCT, body: form({ intent: "apply", payload: JSON.stringify({ selections: [] }) }) },
    { name: "apply with bad JSON", method: "POST", path: PRODUCT, body: form({ intent: "apply", payload: "[" }) },
    { name: "discard with a huge id", method: "POST", path: PRODUCT, body: form({ intent: "discard", proposalId: long(10_000) }) },
    { name: "revert with an unknown revision id", method: "POST", path: PRODUCT, body: form({ intent: "revert", revisionId: "no-such-revision" }) },
    { name: "revert with no revision id", method: "POST", path: PRODUCT, body: form({ intent: "revert" }) },
  ],
  "api.jobs.tsx": [
    { name: "start with bad JSON", method: "POST", path: "/api/jobs", body: json("{not json") },
    { name: "start with no selection", method: "POST", path: "/api/jobs", body: json(JSON.stringify({ request: { fields: ["seoTitle"], locales: ["en"] } })) },
    { name: "start with an unknown field", method: "POST", path: "/api/jobs", body: json(JSON.stringify({ request: { fields: ["price"], locales: ["en"] }, selection: { kind: "all" } })) },
    { name: "start with ids that are not product ids", method: "POST", path: "/api/jobs", body: json(JSON.stringify({ request: { fields: ["seoTitle"], locales: ["en"] }, selection: { kind: "ids", ids: ["1; drop table"] } })) },
    { name: "start with an unknown mode", method: "POST", path: "/api/jobs", body: json(JSON.stringify({ request: { fields: ["seoTitle"], locales: ["en"] }, selection: { kind: "all" }, mode: "yolo" })) },
  ],
  "api.jobs.estimate.tsx": [
    { name: "bad JSON", method: "POST", path: "/api/jobs/estimate", body: json("[") },
    { name: "a filter with an unknown status", method: "POST", path: "/api/jobs/estimate", body: json(JSON.stringify({ request: { fields: ["seoTitle"], locales: ["en"] }, selection: { kind: "filter", filter: { status: "DELETED" } } })) },
    { name: "a huge model id", method: "POST", path: "/api/jobs/estimate", body: json(JSON.stringify({ request: { fields: ["seoTitle"], locales: ["en"], backendId: "openai", modelId: long(5000) }, selection: { kind: "all" } })) },
  ],
  "api.jobs.$id.tsx": [
    { name: "progress with a malformed id", method: "GET", path: `/api/jobs/${encodeURIComponent("../../etc")}` },
    { name: "an unknown action", method: "POST", path: "/api/jobs/abc", body: json(JSON.stringify({ action: "explode" })) },
    { name: "no body", method: "POST", path: "/api/jobs/abc", body: json("") },
  ],
  "api.jobs.$id.items.tsx": [
    { name: "page=abc", method: "GET", path: "/api/jobs/abc/items?page=abc" },
    { name: "an unknown item status", method: "GET", path: "/api/jobs/abc/items?status=lost" },
    { name: "a decision with no scope", method: "POST", path: "/api/jobs/abc/items", body: json(JSON.stringify({ decision: "approve" })) },
    { name: "a decision on too many items", method: "POST", path: "/api/jobs/abc/items", body: json(JSON.stringify({ decision: "approve", scope: { kind: "items", itemIds: [] } })) },
  ],
  "api.jobs.$id.events.tsx": [{ name: "a malformed id", method: "GET", path: `/api/jobs/${long(100)}/events` }],
  "api.extension.jobs.tsx": [
    { name: "start with bad JSON", method: "POST", path: "/api/extension/jobs", body: json("{not json") },
    { name: "start with ids that are not product ids", method: "POST", path: "/api/extension/jobs", body: json(JSON.stringify({ request: { fields: ["seoTitle"], locales: ["en"] }, selection: { kind: "ids", ids: ["gid://shopify/Order/1"] } })) },
    { name: "start with an unknown mode", method: "POST", path: "/api/extension/jobs", body: json(JSON.stringify({ request: { fields: ["seoTitle"], locales: ["en"] }, selection: { kind: "ids", ids: ["gid://shopify/Product/1"] }, mode: "yolo" })) },
  ],
  "api.extension.estimate.tsx": [
    { name: "bad JSON", method: "POST", path: "/api/extension/estimate", body: json("[") },
    { name: "a huge model id", method: "POST", path: "/api/extension/estimate", body: json(JSON.stringify({ request: { fields: ["seoTitle"], locales: ["en"], backendId: "openai", modelId: long(5000) }, selection: { kind: "ids", ids: ["gid://shopify/Product/1"] } })) },
    {
      name: "more ids than a job takes as a list",
      method: "POST",
      path: "/api/extension/estimate",
      body: json(JSON.stringify({ request: { fields: ["seoTitle"], locales: ["en"] }, selection: { kind: "ids", ids: Array.from({ length: 5001 }, (_, index) => `gid://shopify/Product/${index + 1}`) } })),
    },
  ],
  "api.extension.product.$id.tsx": [
    { name: "a non-numeric product id", method: "GET", path: "/api/extension/product/abc" },
    { name: "an unknown intent", method: "POST", path: "/api/extension/product/1", body: json(JSON.stringify({ intent: "delete-everything" })) },
    { name: "apply with no proposal ids", method: "POST", path: "/api/extension/product/1", body: json(JSON.stringify({ intent: "apply", proposalIds: [] })) },
    { name: "bad JSON", method: "POST", path: "/api/extension/product/1", body: json("{") },
  ],
};

/** Routes with nothing malformed to send, and why; each still must never 500 on junk. */
const NO_INPUT: Record<string, { why: string; junk?: Case }> = {
  "_index.tsx": { why: "reads only ?shop to redirect", junk: { name: "junk query", method: "GET", path: "/_root.data?x=%ZZ&shop=" } },
  "app._index.tsx": { why: "reads nothing from the request (the shop's overview comes from the Admin API)" },
  "app.tsx": { why: "layout: authentication and the admin's language only" },
  "auth.$.tsx": { why: "the Shopify library's OAuth paths" },
  "auth.login.tsx": { why: "the Shopify library's login form", junk: { name: "not a form body", method: "POST", path: "/auth/login.data", body: { raw: "{", contentType: "application/json" } } },
  "healthz.tsx": { why: "no input", junk: { name: "junk query", method: "GET", path: "/healthz?x=%3C" } },
  "webhooks.app.scopes_update.tsx": { why: "HMAC-verified; malformed payloads covered below" },
  "webhooks.app.uninstalled.tsx": { why: "HMAC-verified; malformed payloads covered below" },
  "webhooks.compliance.tsx": { why: "HMAC-verified; malformed payloads covered below" },
  "webhooks.products.tsx": { why: "HMAC-verified; malformed payloads covered below" },
  "webhooks.bulk_operations.finish.tsx": { why: "HMAC-verified; malformed payloads covered below" },
  "flow.actions.generate.tsx": {
    why: "signed by Flow (HMAC); signed malformed payloads → 400 in flow-action.test.ts",
    junk: { name: "unsigned junk", method: "POST", path: "/flow/actions/generate", body: { raw: "{", contentType: "application/json" } },
  },
};

describe("malformed requests", () => {
  it("every route file is listed", () => {
    const files = readdirSync(path.resolve(import.meta.dirname, "../../app/routes")).filter((name) => /\.tsx?$/.test(name) && !name.includes(".test."));
    expect(files.filter((file) => !(file in MALFORMED) && !(file in NO_INPUT))).toEqual([]);
  });

  const cases = Object.entries(MALFORMED).flatMap(([file, list]) => list.map((testCase) => [file, testCase.name, testCase] as const));
  it.each(cases)("%s: %s → 400 with a reason", async (_file, _name, testCase) => {
    const response = await app.handle(request(testCase));
    const text = await response.text();
    expect(response.status, text.slice(0, 300)).toBe(400);
    // the reason travels in the body (single fetch encodes it; the plain text still carries it)
    expect(text).toMatch(/invalid_|unknown_|not_allowed|unsafe_endpoint|too_many|copySettings\.errors\./);
  });

  const junk = Object.entries(NO_INPUT).flatMap(([file, entry]) => (entry.junk ? [[file, entry.junk.name, entry.junk] as const] : []));
  it.each(junk)("%s: %s never answers 500", async (_file, _name, testCase) => {
    const response = await app.handle(request(testCase));
    expect(response.status).toBeLessThan(500);
  });

  it.each([
    ["the job page", { name: "unknown job", method: "GET", path: JOB } as Case],
    ["a control on an unknown job", { name: "pause", method: "POST", path: JOB, body: form({ intent: "pause" }) } as Case],
    ["a review on an unknown job", { name: "review", method: "POST", path: JOB, body: form({ intent: "review", payload: JSON.stringify({ decision: "approve", scope: { kind: "all" } }) }) } as Case],
    ["the CSV of an unknown job", { name: "export", method: "GET", path: "/app/jobs/no-such-job/export" } as Case],
    ["the progress of an unknown job", { name: "progress", method: "GET", path: "/app/jobs/no-such-job/progress" } as Case],
  ])("%s → 404 with the reason", async (_name, testCase) => {
    const response = await app.handle(request(testCase));
    const text = await response.text();
    expect(response.status, text.slice(0, 300)).toBe(404);
    expect(text).toContain("job_not_found");
  });

  it("an unknown comparison's page → 404 with the reason", async () => {
    const response = await app.handle(request({ name: "unknown comparison", method: "GET", path: COMPARISON }));
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("unknown_comparison");
  });

  const topicOf = (pathname: string) =>
    pathname === "/webhooks/products"
      ? "products/update"
      : pathname === "/webhooks/compliance"
        ? "shop/redact"
        : pathname === "/webhooks/bulk_operations/finish"
          ? "bulk_operations/finish"
          : pathname.endsWith("uninstalled")
            ? "app/uninstalled"
            : "app/scopes_update";
  const signed = (pathname: string, body: string) =>
    new Request(new URL(pathname, TEST_ENVIRONMENT.SHOPIFY_APP_URL), {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topicOf(pathname),
        "X-Shopify-Shop-Domain": SHOP,
        "X-Shopify-API-Version": ADMIN_API_VERSION,
        "X-Shopify-Webhook-Id": crypto.randomUUID(),
        "X-Shopify-Event-Id": crypto.randomUUID(),
        "X-Shopify-Triggered-At": new Date().toISOString(),
        "X-Shopify-Hmac-Sha256": getHmac(body, TEST_ENVIRONMENT.SHOPIFY_API_SECRET),
      },
    });

  it("/webhooks/bulk_operations/finish: signed JSON that names no bulk operation → 400 with the field", async () => {
    const response = await app.handle(signed("/webhooks/bulk_operations/finish", JSON.stringify({ admin_graphql_api_id: "gid://shopify/Product/1", status: "completed", type: "mutation" })));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("admin_graphql_api_id");
  });

  it.each(["/webhooks/products", "/webhooks/app/uninstalled", "/webhooks/app/scopes_update", "/webhooks/compliance", "/webhooks/bulk_operations/finish"])("%s: a signed but malformed JSON payload → 400", async (pathname) => {
    const response = await app.handle(signed(pathname, "{not json"));
    expect(response.status).toBe(400);
  });
});
