import { afterAll, beforeAll, describe, expect, it } from "vitest";
import database from "~/db.server";
import { redactShop } from "~/shops/lifecycle.server";
import { TEST_ENVIRONMENT } from "../support/environment";
import { loadRemixApp } from "../support/remix-app";
import { sessionToken } from "../support/requests";
import { installOfflineSession } from "../support/sessions";

/**
 * The job API through the real routes with a session token: answers are JSON the Jobs pages
 * read, tenant-scoped (another shop's job is "not found"), refusals carry a worded code, and
 * the progress stream is server-sent events.
 */
const SHOP = "jobs-routes.myshopify.com";
const OTHER = "jobs-routes-other.myshopify.com";
let app: Awaited<ReturnType<typeof loadRemixApp>>;
let token: string;
let jobId: string;
let otherJobId: string;

const jobRow = (shop: string) => ({
  shop,
  status: "completed",
  mode: "review",
  request: JSON.stringify({ fields: ["seoTitle"], locales: ["en"] }),
  selection: JSON.stringify({ kind: "all" }),
  estimate: JSON.stringify({ products: 1, modelCalls: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, costMicros: 0, backendId: "templates", modelId: "default", durationSeconds: null, limits: { averageLatencyMs: null, concurrency: 4, adminPointsPerSecond: null }, basis: { sampledProducts: 1 }, priceTableDate: "2026-11-30" }),
  total: 1,
  createdBy: "merchant",
  finishedAt: new Date(),
});

beforeAll(async () => {
  app = await loadRemixApp();
  await installOfflineSession(database, SHOP);
  await database.shop.create({ data: { shop: SHOP, scopes: TEST_ENVIRONMENT.SCOPES } });
  token = await sessionToken(SHOP);
  jobId = (await database.job.create({ data: jobRow(SHOP) })).id;
  await database.jobItem.create({ data: { jobId, shop: SHOP, productId: "gid://shopify/Product/1", status: "generated" } });
  otherJobId = (await database.job.create({ data: jobRow(OTHER) })).id;
});

afterAll(async () => {
  await redactShop(database, SHOP);
  await redactShop(database, OTHER);
  await app.close();
});

function call(path: string, init: { method?: string; body?: unknown } = {}) {
  return app.handle(
    new Request(new URL(path, TEST_ENVIRONMENT.SHOPIFY_APP_URL), {
      method: init.method ?? "GET",
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json", "Content-Type": "application/json" },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    }),
  );
}

describe("job API routes", () => {
  it("lists the shop's jobs only", async () => {
    const response = await call("/api/jobs");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { jobs: Array<{ id: string; counts: Record<string, number> }> };
    expect(body.jobs.map((job) => job.id)).toEqual([jobId]);
    expect(body.jobs[0]!.counts.generated).toBe(1);
  });

  it("answers progress for the shop's job, and 404 with a code for another shop's", async () => {
    const mine = await call(`/api/jobs/${jobId}`);
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({ id: jobId, status: "completed", counts: { generated: 1 }, recentErrors: [], pendingProposals: 0 });
    const theirs = await call(`/api/jobs/${otherJobId}`);
    expect(theirs.status).toBe(404);
    expect(await theirs.json()).toMatchObject({ ok: false, error: "job_not_found" });
    const control = await call(`/api/jobs/${otherJobId}`, { method: "POST", body: { action: "cancel" } });
    expect(control.status).toBe(404);
    expect((await database.job.findUniqueOrThrow({ where: { id: otherJobId } })).status).toBe("completed");
  });

  it("refuses an action the job's state no longer allows with 409 and the state", async () => {
    const response = await call(`/api/jobs/${jobId}`, { method: "POST", body: { action: "pause" } });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ ok: false, error: "job_state_conflict", params: { status: "completed" } });
    const nothing = await call(`/api/jobs/${jobId}`, { method: "POST", body: { action: "apply_approved" } });
    expect(nothing.status).toBe(400);
    expect(await nothing.json()).toMatchObject({ error: "nothing_to_apply" });
  });

  it("streams progress as server-sent events and ends when the job has finished", async () => {
    const response = await call(`/api/jobs/${jobId}/events`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    expect(text).toMatch(/^event: progress\ndata: \{.*"status":"completed".*\}\n\n$/s);
  });

  it("an estimate over an empty catalog is refused with a worded code", async () => {
    const response = await call("/api/jobs/estimate", { method: "POST", body: { request: { fields: ["seoTitle"], locales: ["en"] }, selection: { kind: "all" } } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: "empty_selection" });
  });
});
