import { afterAll, beforeAll, describe, expect, it } from "vitest";
import database from "~/db.server";
import { loadProductWorkspace } from "~/copy/product-workflow.server";
import { redactShop } from "~/shops/lifecycle.server";
import { COMPARE_PURPOSE } from "~/compare/types";
import { jobCosts, productCost } from "~/usage/cost.server";
import { startAdminEmulator } from "../../emulator/admin/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshPostgres, freshSqlite, type TestDatabase } from "../support/databases";
import { TEST_ENVIRONMENT } from "../support/environment";
import { loadRemixApp } from "../support/remix-app";
import { sessionToken } from "../support/requests";
import { installOfflineSession } from "../support/sessions";

/**
 * The cost the product page, the job page and the Jobs list show is the ledger's: it equals a raw
 * SQL sum over the same rows (SQLite, and PostgreSQL when reachable), unpriced calls are counted
 * apart (unknown, not zero), and another shop's rows for the same product or job never count.
 */
const SHOP = "ledger-costs.myshopify.com";
const OTHER = "ledger-costs-other.myshopify.com";
const PRODUCT = "gid://shopify/Product/42";

type Seed = { shop?: string; jobId?: string; productId?: string; cost: bigint | null; outcome?: string; purpose?: string; at: string };

const seeds = (jobId: string): Seed[] => [
  { productId: PRODUCT, cost: 1_500n, at: "2026-11-02T10:00:00Z" },
  { productId: PRODUCT, jobId, cost: 2_250_000n, at: "2026-11-03T10:00:00Z" },
  { productId: PRODUCT, jobId, cost: 0n, outcome: "rate_limit", at: "2026-11-03T10:00:01Z" },
  { productId: PRODUCT, jobId, cost: null, at: "2026-11-03T10:00:02Z" },
  { productId: "gid://shopify/Product/43", jobId, cost: 700n, at: "2026-11-03T10:00:03Z" },
  // a comparison's call for the product: part of what the product cost, shown as a comparison
  { productId: PRODUCT, cost: 9n, at: "2026-12-01T00:00:00Z", purpose: COMPARE_PURPOSE },
  // another shop, same product and job ids: never counted
  { shop: OTHER, productId: PRODUCT, jobId, cost: 99_999_999n, at: "2026-11-03T11:00:00Z" },
];

async function seed(target: TestDatabase["database"], jobId: string) {
  for (const [index, row] of seeds(jobId).entries()) {
    await target.usageLedger.create({
      data: {
        shop: row.shop ?? SHOP,
        backendId: "openai",
        modelId: "gpt-6-luna",
        purpose: row.purpose ?? "product-copy",
        inputTokens: 1000 + index,
        cachedInputTokens: 100,
        outputTokens: 200 + index,
        costMicros: row.cost,
        priceTableDate: "2026-11-30",
        latencyMs: 300,
        outcome: row.outcome ?? "ok",
        attempt: 1,
        createdAt: new Date(row.at),
        ...(row.jobId ? { jobId: row.jobId } : {}),
        ...(row.productId ? { productId: row.productId } : {}),
      },
    });
  }
}

type Sums = { micros: string; calls: string; priced: string; input: string; output: string };
const SUMS = `CAST(COALESCE(SUM("costMicros"), 0) AS TEXT) AS micros, CAST(COUNT(*) AS TEXT) AS calls, CAST(COUNT("costMicros") AS TEXT) AS priced, CAST(SUM("inputTokens") AS TEXT) AS input, CAST(SUM("outputTokens") AS TEXT) AS output`;

async function sqlSums(target: TestDatabase["database"], column: "productId" | "jobId", value: string): Promise<Sums> {
  const [row] = await target.$queryRawUnsafe<Sums[]>(`SELECT ${SUMS} FROM "UsageLedger" WHERE "shop" = $1 AND "${column}" = $2`, SHOP, value);
  return row!;
}

const asSums = (cost: { spendMicros: number; calls: number; unpriced: number; inputTokens: number; outputTokens: number }): Sums => ({
  micros: String(cost.spendMicros),
  calls: String(cost.calls),
  priced: String(cost.calls - cost.unpriced),
  input: String(cost.inputTokens),
  output: String(cost.outputTokens),
});

async function checkCosts(test: TestDatabase) {
  const jobId = "job-costs-1";
  await seed(test.database, jobId);
  const product = await productCost(test.database, SHOP, PRODUCT);
  expect(asSums(product.total)).toEqual(await sqlSums(test.database, "productId", PRODUCT));
  expect(product.total).toMatchObject({ spendMicros: 1_500 + 2_250_000 + 9, calls: 5, unpriced: 1 });
  // the latest calls first, at most five
  expect(product.latest.map((call) => call.costMicros)).toEqual([9, null, 0, 2_250_000, 1_500]);
  // each with what it was for (the product page's "Run" column)
  expect(product.latest.map((call) => call.kind)).toEqual(["compare", "bulk", "bulk", "bulk", "single"]);
  const costs = await jobCosts(test.database, SHOP, [jobId, "job-without-calls"]);
  expect(asSums(costs[jobId]!)).toEqual(await sqlSums(test.database, "jobId", jobId));
  expect(costs[jobId]).toMatchObject({ spendMicros: 2_250_000 + 700, calls: 4, unpriced: 1 });
  expect(costs["job-without-calls"]).toMatchObject({ spendMicros: 0, calls: 0 });
}

describe("product and job costs equal the ledger", () => {
  it("on SQLite", async () => {
    const test = await freshSqlite();
    try {
      await checkCosts(test);
    } finally {
      await test.close();
    }
  });

  it("on PostgreSQL (when reachable)", async (context) => {
    const test = await freshPostgres();
    if ("unavailable" in test) return context.skip(test.unavailable);
    try {
      await checkCosts(test);
    } finally {
      await test.close();
    }
  });
});

describe("the job routes show the ledger's cost", () => {
  let app: Awaited<ReturnType<typeof loadRemixApp>>;
  let token: string;
  let jobId: string;

  beforeAll(async () => {
    app = await loadRemixApp();
    await installOfflineSession(database, SHOP);
    await database.shop.create({ data: { shop: SHOP, scopes: TEST_ENVIRONMENT.SCOPES } });
    token = await sessionToken(SHOP);
    const estimate = { products: 2, modelCalls: 2, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, costMicros: 5_000_000, backendId: "openai", modelId: "gpt-6-luna", durationSeconds: null, limits: { averageLatencyMs: null, concurrency: 4, adminPointsPerSecond: null }, basis: { sampledProducts: 2 }, priceTableDate: "2026-11-30" };
    const job = await database.job.create({
      data: {
        shop: SHOP,
        status: "running",
        mode: "review",
        request: JSON.stringify({ fields: ["seoTitle"], locales: ["en"] }),
        selection: JSON.stringify({ kind: "all" }),
        estimate: JSON.stringify(estimate),
        total: 2,
        createdBy: "merchant",
        // settled so far: less than the ledger, whose calls count the moment they return
        spentMicros: 1_500n,
      },
    });
    jobId = job.id;
    await seed(database, jobId);
  });

  afterAll(async () => {
    await redactShop(database, SHOP);
    await redactShop(database, OTHER);
    await app.close();
  });

  const call = (path: string, accept = "text/html") =>
    app.handle(new Request(new URL(path, TEST_ENVIRONMENT.SHOPIFY_APP_URL), { headers: { Authorization: `Bearer ${token}`, Accept: accept } }));

  it("the job page's progress carries the ledger's sum, not the settled figure", async () => {
    const response = await call(`/app/jobs/${jobId}/progress`, "application/json");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { cost: { spendMicros: number; calls: number; unpriced: number } };
    const sql = await sqlSums(database, "jobId", jobId);
    expect(body.cost.spendMicros).toBe(Number(sql.micros));
    expect(body.cost.calls).toBe(Number(sql.calls));
    expect(body.cost.unpriced).toBe(Number(sql.calls) - Number(sql.priced));
  });

  it("the Jobs list renders the ledger's sum against the estimate", async () => {
    const response = await call("/app/jobs");
    expect(response.status).toBe(200);
    const html = await response.text();
    // 2,250,700 micro-USD as the page formats it in English, against the $5.00 estimate
    expect(html).toContain("$2.25 of $5.00 estimated");
    expect(html).toContain(">4 calls<");
  });
});

describe("the product page's loader shows the ledger's cost", () => {
  it("its cost equals the SQL sum of the shop's calls for that product, read beside the product from the Admin API", async () => {
    const admin = await startAdminEmulator({ apiKey: "k", apiSecret: "s", scopes: "read_products,write_products,read_files,read_translations,read_locales", plan: "standard", shops: [{ domain: SHOP, seed: { products: 3, seed: 11 } }] });
    const test = await freshSqlite();
    try {
      const seeded = admin.store.requireShop(SHOP).catalog.all()[0]!;
      const productId = `gid://shopify/Product/${seeded.legacyId}`;
      await seed(test.database, "job-costs-2");
      // the seeds name PRODUCT: point them at the emulator's product (the other shop's row too, as a decoy)
      await test.database.usageLedger.updateMany({ where: { productId: PRODUCT }, data: { productId } });
      const workspace = await loadProductWorkspace(emulatorAdminClient(admin, SHOP), test.database, SHOP, productId);
      expect(workspace.product.title).toBe(seeded.title);
      expect(asSums(workspace.cost.total)).toEqual(await sqlSums(test.database, "productId", productId));
      expect(workspace.cost.total).toMatchObject({ spendMicros: 1_500 + 2_250_000 + 9, calls: 5, unpriced: 1 });
    } finally {
      await Promise.all([admin.close(), test.close()]);
    }
  });
});
