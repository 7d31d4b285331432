import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import database from "~/db.server";
import { redactShop } from "~/shops/lifecycle.server";
import { LEDGER_CSV_COLUMNS } from "~/usage/export.server";
import { usageSummary } from "~/usage/summary.server";
import { freshPostgres, freshSqlite, type TestDatabase } from "../support/databases";
import { TEST_ENVIRONMENT } from "../support/environment";
import { loadRemixApp } from "../support/remix-app";
import { sessionToken } from "../support/requests";
import { installOfflineSession } from "../support/sessions";

/**
 * The Usage page's sums are the ledger's: per day and backend they equal a raw SQL aggregate of the
 * same rows (SQLite, and PostgreSQL when reachable); the CSV export parses back to the very rows; a
 * malformed month is a 400 with its reason.
 */
const SHOP = "usage.myshopify.com";
const OTHER = "usage-other.myshopify.com";
const MONTH = "2026-11";

type Seed = { shop?: string; backendId: string; modelId?: string; purpose?: string; at: string; cost: bigint | null; outcome?: string; jobId?: string; productId?: string; fallbackFrom?: string; errorMessage?: string; input?: number; cached?: number };

// Days across the month (first and last instants included), backends with and without prices, failures, a
// fallback, bulk and single calls, a connection test; and rows the month must not count (other months, another shop).
const SEEDS: Seed[] = [
  { backendId: "openai", at: "2026-11-01T00:00:00.000Z", cost: 1234n, productId: "gid://shopify/Product/1", input: 1000, cached: 400 },
  { backendId: "openai", at: "2026-11-01T13:00:00.000Z", cost: 5000n, productId: "gid://shopify/Product/2", jobId: "job-a", input: 1000, cached: 0 },
  { backendId: "mistral", at: "2026-11-01T23:59:59.999Z", cost: 777n, productId: "gid://shopify/Product/2", jobId: "job-a", fallbackFrom: "openai", input: 900, cached: 0 },
  { backendId: "openai", at: "2026-11-01T23:59:00.000Z", cost: 0n, outcome: "rate_limit", errorMessage: "=cmd|' /C calc'!A0, \"quoted\"\nnew line", jobId: "job-a", productId: "gid://shopify/Product/2" },
  { backendId: "ollama", at: "2026-11-15T08:00:00.000Z", cost: null, productId: "gid://shopify/Product/3", modelId: "llama3", input: 500 },
  { backendId: "mistral", at: "2026-11-15T09:00:00.000Z", cost: 3_000_000n, productId: "gid://shopify/Product/4", jobId: "job-b", input: 2000, cached: 1500 },
  { backendId: "openai", at: "2026-11-30T23:59:59.999Z", cost: 11n, purpose: "connection-test" },
  { backendId: "openai", at: "2026-10-31T23:59:59.999Z", cost: 99_999n },
  { backendId: "openai", at: "2026-12-01T00:00:00.000Z", cost: 88_888n },
  { shop: OTHER, backendId: "openai", at: "2026-11-10T10:00:00.000Z", cost: 77_777n },
];

async function seed(target: TestDatabase["database"]) {
  for (const [index, row] of SEEDS.entries()) {
    await target.usageLedger.create({
      data: {
        shop: row.shop ?? SHOP,
        backendId: row.backendId,
        modelId: row.modelId ?? `${row.backendId}-model`,
        purpose: row.purpose ?? "product-copy",
        inputTokens: row.input ?? 0,
        cachedInputTokens: row.cached ?? 0,
        outputTokens: 10 + index,
        costMicros: row.cost,
        priceTableDate: "2026-11-30",
        latencyMs: 100 + index,
        outcome: row.outcome ?? "ok",
        attempt: 1,
        createdAt: new Date(row.at),
        ...(row.jobId ? { jobId: row.jobId } : {}),
        ...(row.productId ? { productId: row.productId } : {}),
        ...(row.fallbackFrom ? { fallbackFrom: row.fallbackFrom } : {}),
        ...(row.errorMessage ? { errorMessage: row.errorMessage } : {}),
      },
    });
  }
}

type Aggregate = Array<{ day: string; backendId: string; micros: string; calls: string }>;

async function sqlAggregate(test: TestDatabase): Promise<Aggregate> {
  const sql =
    test.kind === "sqlite"
      ? `SELECT substr("createdAt", 1, 10) AS day, "backendId", CAST(COALESCE(SUM("costMicros"), 0) AS TEXT) AS micros, CAST(COUNT(*) AS TEXT) AS calls FROM "UsageLedger"
         WHERE "shop" = '${SHOP}' AND julianday("createdAt") >= julianday('2026-11-01T00:00:00Z') AND julianday("createdAt") < julianday('2026-12-01T00:00:00Z') GROUP BY 1, 2 ORDER BY 1, 2`
      : `SELECT to_char("createdAt", 'YYYY-MM-DD') AS day, "backendId", COALESCE(SUM("costMicros"), 0)::text AS micros, COUNT(*)::text AS calls FROM "UsageLedger"
         WHERE "shop" = '${SHOP}' AND "createdAt" >= TIMESTAMP '2026-11-01 00:00:00' AND "createdAt" < TIMESTAMP '2026-12-01 00:00:00' GROUP BY 1, 2 ORDER BY 1, 2`;
  return test.database.$queryRawUnsafe<Aggregate>(sql);
}

async function checkTotals(test: TestDatabase) {
  await seed(test.database);
  const summary = await usageSummary(test.database, SHOP, MONTH, new Date("2026-12-02T00:00:00Z"));
  const aggregate = await sqlAggregate(test);
  expect(aggregate, JSON.stringify(aggregate)).toHaveLength(5);
  const fromSummary = summary.byDay.flatMap(({ day, backends }) => Object.entries(backends).map(([backendId, micros]) => ({ day, backendId, micros: String(micros) })));
  fromSummary.sort((a, b) => a.day.localeCompare(b.day) || a.backendId.localeCompare(b.backendId));
  expect(fromSummary).toEqual(aggregate.map(({ day, backendId, micros }) => ({ day, backendId, micros })));
  const perBackend = new Map<string, { micros: number; calls: number }>();
  for (const row of aggregate) {
    const line = perBackend.get(row.backendId) ?? { micros: 0, calls: 0 };
    perBackend.set(row.backendId, { micros: line.micros + Number(row.micros), calls: line.calls + Number(row.calls) });
  }
  expect(Object.fromEntries(summary.byBackend.map((line) => [line.backendId, { micros: line.spendMicros, calls: line.calls }]))).toEqual(Object.fromEntries(perBackend));
  expect(summary.total.spendMicros).toBe(1234 + 5000 + 777 + 3_000_000 + 11);
  expect(summary.total.calls).toBe(7);
  expect(summary.total.unpriced).toBe(1);
  expect(summary.total.cachedInputTokens / summary.total.inputTokens).toBeCloseTo(1900 / 5400, 10);
  expect(summary.byBackend.find((line) => line.backendId === "openai")).toMatchObject({ calls: 4, errors: 1 });
  expect(Object.fromEntries(summary.byKind.map((line) => [line.kind, line.calls]))).toEqual({ single: 2, bulk: 4, connection_test: 1 });
  expect(summary.byJob.map((line) => [line.jobId, line.spendMicros])).toEqual([["job-b", 3_000_000], ["job-a", 5777]]);
  // products written for: 1, 2, 3, 4 (the ok calls); their calls cost everything but the connection test
  expect(summary.products).toEqual({ count: 4, spendMicros: 1234 + 5000 + 777 + 3_000_000 });
  expect(summary.fallbacks).toEqual([{ fromBackendId: "openai", count: 1, reasons: { rate_limit: 1 } }]);
  // a month that is over is not projected
  expect(summary.budget.projectedMicros).toBeNull();
  const during = await usageSummary(test.database, SHOP, MONTH, new Date("2026-11-16T00:00:00Z"));
  expect(during.isCurrentMonth).toBe(true);
  expect(during.budget.projectedMicros).toBe(Math.round((summary.total.spendMicros * 30) / 15));
  expect(during.budget).toMatchObject({ projection: "projected", paceDays: 15 });
  expect(summary.budget.projection).toBe("month_over");
  // two and a half days in, the month is not projected from that pace (it would be twelve times the spend so far)
  const early = await usageSummary(test.database, SHOP, MONTH, new Date("2026-11-03T12:00:00Z"));
  expect(early.budget).toMatchObject({ projectedMicros: null, projection: "too_early", paceDays: 2 });
  // from the third whole day on, it is
  const third = await usageSummary(test.database, SHOP, MONTH, new Date("2026-11-04T00:00:00Z"));
  expect(third.budget.projection).toBe("projected");
  expect(third.budget.projectedMicros).toBe(Math.round((summary.total.spendMicros * 30) / 3));
}

describe("usage totals equal the ledger", () => {
  it("on SQLite", async () => {
    const test = await freshSqlite();
    try {
      await checkTotals(test);
    } finally {
      await test.close();
    }
  });

  it("on PostgreSQL (when reachable)", async (context) => {
    const test = await freshPostgres();
    if ("unavailable" in test) return context.skip(test.unavailable);
    try {
      await checkTotals(test);
    } finally {
      await test.close();
    }
  });

  it("an empty month is empty, not made up", async () => {
    const test = await freshSqlite();
    try {
      const summary = await usageSummary(test.database, SHOP, MONTH, new Date("2026-11-16T00:00:00Z"));
      expect(summary.total).toMatchObject({ calls: 0, spendMicros: 0 });
      expect(summary.byDay).toEqual([]);
      expect(summary.budget.projectedMicros).toBe(0);
    } finally {
      await test.close();
    }
  });
});

describe("usage routes", () => {
  let app: Awaited<ReturnType<typeof loadRemixApp>>;
  let token: string;

  beforeAll(async () => {
    app = await loadRemixApp();
    await installOfflineSession(database, SHOP);
    await database.shop.create({ data: { shop: SHOP, scopes: TEST_ENVIRONMENT.SCOPES } });
    token = await sessionToken(SHOP);
    await seed(database);
  });

  afterAll(async () => {
    await redactShop(database, SHOP);
    await redactShop(database, OTHER);
    await app.close();
  });

  const call = (path: string, withToken = true) =>
    app.handle(new Request(new URL(path, TEST_ENVIRONMENT.SHOPIFY_APP_URL), { headers: withToken ? { Authorization: `Bearer ${token}` } : {} }));

  it("exports the month's ledger as CSV that parses back to the rows", async () => {
    const response = await call(`/app/usage/export?month=${MONTH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="plume-usage-${MONTH}.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, so spreadsheets read accents right
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const records = parse(text, { bom: true, columns: true, relax_column_count: false, relax_quotes: false }) as Array<Record<string, string>>;
    expect(Object.keys(records[0]!)).toEqual([...LEDGER_CSV_COLUMNS]);
    const rows = await database.usageLedger.findMany({ where: { shop: SHOP, createdAt: { gte: new Date("2026-11-01T00:00:00Z"), lt: new Date("2026-12-01T00:00:00Z") } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(rows.length).toBe(7);
    expect(records.map((record) => record.id)).toEqual(rows.map((row) => row.id));
    for (const [index, row] of rows.entries()) {
      const record = records[index]!;
      expect(record.created_at).toBe(row.createdAt.toISOString());
      expect(record.backend_id).toBe(row.backendId);
      expect(record.cost_micro_usd).toBe(row.costMicros === null ? "" : row.costMicros.toString());
      expect(record.input_tokens).toBe(String(row.inputTokens));
      expect(record.job_id).toBe(row.jobId ?? "");
      expect(record.product_id).toBe(row.productId ?? "");
      // text a spreadsheet would run as a formula is kept as text, quotes and new lines intact
      expect(record.error_message).toBe(row.errorMessage === null ? "" : row.errorMessage.startsWith("=") ? `'${row.errorMessage}` : row.errorMessage);
    }
  });

  it("renders the month's page server-side: totals, the chart's frame, and an honest empty month", async () => {
    const page = await call(`/app/usage?month=${MONTH}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="usage-spend-chart"');
    expect(html).toContain("$3.01"); // 3,007,022 micro-USD as the page formats it in English
    expect(html).toContain("$751.75 per 1,000 products (from 4 products)");
    expect(html).toContain(`href="/app/jobs/job-b"`); // the costliest job, linked to its page
    const empty = await call("/app/usage?month=2026-09");
    expect(empty.status).toBe(200);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain("No model calls this month");
    expect(emptyHtml).not.toContain('data-testid="usage-spend-chart"');
  });

  it("refuses a malformed month with 400 and its reason, and an unauthenticated export", async () => {
    for (const query of ["month=2026-13", "month=november", "month=2026-1", "month=2026-11&month=2026-10"]) {
      for (const path of ["/app/usage/export", "/app/usage"]) {
        const response = await call(`${path}?${query}`);
        expect(response.status, `${path}?${query}`).toBe(400);
        if (path === "/app/usage") {
          // the page answers a document; its error boundary words the reason
          expect(await response.text()).toContain("invalid_input");
          continue;
        }
        const body = (await response.json()) as { error: string; errors: Record<string, string> };
        expect(body.error).toBe("invalid_input");
        expect(Object.keys(body.errors).length).toBeGreaterThan(0);
      }
    }
    const anonymous = await call(`/app/usage/export?month=${MONTH}`, false);
    expect([302, 401, 410]).toContain(anonymous.status);
  });
});
