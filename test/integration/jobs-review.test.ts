import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncCatalog } from "~/catalog/catalog-index.server";
import { loadProductSnapshot } from "~/catalog/product-facts.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import { sanitizeDescriptionHtml } from "~/copy/sanitize.server";
import { JobNotFoundError } from "~/jobs/errors";
import { CSV_COLUMNS, jobCsvStream, neutraliseFormula } from "~/jobs/export.server";
import { loadJobPage } from "~/jobs/job-page.server";
import { JobRunner } from "~/jobs/runner.server";
import { jobItemsWithWarnings, revertJobWrites } from "~/jobs/review.server";
import { applyApproved, jobItems, jobProgress, reviewProposals, startJob, type JobServiceDependencies } from "~/jobs/service.server";
import { ADMIN_API_VERSION } from "~/shopify/api-version";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshSqlite } from "../support/databases";

/**
 * The Jobs page's own server helpers over a real job (Templates, so no provider): the
 * "with warnings" view, the streamed CSV (formula-safe), descriptions rendered through the
 * sanitiser, "Apply approved" following the data, the interim whole-job revert, each scoped
 * to its shop. (Edits are the job service's, tested with it.)
 */
const SHOP = "jobs-review.myshopify.com";
const OTHER = "jobs-review-other.myshopify.com";
let emulator: RunningAdminEmulator;
const sqlite = await freshSqlite();
const database = sqlite.database;
const client = () => emulatorAdminClient(emulator, SHOP);
let jobId = "";

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function csvOf(shop: string, id: string): Promise<string> {
  return new Response(await jobCsvStream(database, shop, id)).text();
}

const runner = new JobRunner({ database, adminFor: async () => client() }, { idleMs: 20 });
const deps: JobServiceDependencies = { database, dispatcher: runner };
const pageQuery = { status: "" as const, page: 1, warnings: "" as const };

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiKey: "k",
    apiSecret: "s",
    scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
    plan: "plus",
    bulkDelayMs: 5,
    shops: [
      { domain: SHOP, seed: { products: 6, seed: 11 } },
      { domain: OTHER, seed: { products: 2, seed: 12 } },
    ],
  });
  await syncCatalog(client(), database, SHOP, { pollIntervalMs: 10 });
  await saveCopySettings(database, SHOP, copySettingsSchema.parse({ writePolicy: "overwrite" }));
  runner.start();
  const job = await startJob(deps, client(), { shop: SHOP, actor: "merchant", job: { request: { fields: ["seoTitle", "metaDescription", "descriptionHtml"], locales: ["en"], backendId: "templates", modelId: "default" }, selection: { kind: "all" }, mode: "review" } });
  jobId = job.id;
  await waitFor(async () => (await jobProgress(database, SHOP, jobId)).status === "completed", "the review job");
});

afterAll(async () => {
  await runner.stop();
  await Promise.all([emulator.close(), sqlite.close()]);
});

describe("job review helpers", () => {
  it("lists only the items with a proposal that has warnings, a page at a time", async () => {
    const first = await database.proposal.findFirstOrThrow({ where: { shop: SHOP, jobId, field: "seoTitle" }, orderBy: { productId: "asc" } });
    await database.proposal.updateMany({ where: { shop: SHOP, jobId }, data: { warnings: "[]" } });
    await database.proposal.update({ where: { id: first.id }, data: { warnings: JSON.stringify([{ code: "near_duplicate", message: "x", params: {} }]) } });
    const view = await jobItemsWithWarnings(database, SHOP, jobId, 1);
    expect(view.total).toBe(1);
    expect(view.items.map((item) => item.productId)).toEqual([first.productId]);
    expect(view.items[0]!.proposals.length).toBeGreaterThanOrEqual(2);
    await expect(jobItemsWithWarnings(database, OTHER, jobId, 1)).rejects.toBeInstanceOf(JobNotFoundError);
  });

  it("streams the job as CSV, one row per proposal, with formula cells neutralised", async () => {
    const title = await database.proposal.findFirstOrThrow({ where: { shop: SHOP, jobId, field: "seoTitle" } });
    await database.proposal.update({ where: { id: title.id }, data: { value: '=HYPERLINK("http://evil.example","click")' } });
    const csv = await csvOf(SHOP, jobId);
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toBe(CSV_COLUMNS.join(","));
    const proposals = await database.proposal.count({ where: { shop: SHOP, jobId, status: { not: "superseded" } } });
    // descriptions may span lines inside quotes: count rows by their product id column instead
    expect(csv.match(/^gid:\/\/shopify\/Product\/\d+,/gm)?.length).toBe(proposals);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(["=1", "+1", "-1", "@SUM(A1)", "\tx", "plain"].map(neutraliseFormula)).toEqual(["'=1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "plain"]);
    await expect(jobCsvStream(database, OTHER, jobId)).rejects.toBeInstanceOf(JobNotFoundError);
  });

  it("renders description proposals and today's descriptions only through the sanitiser", async () => {
    const description = await database.proposal.findFirstOrThrow({ where: { shop: SHOP, jobId, field: "descriptionHtml" }, orderBy: { productId: "asc" } });
    // Model output is untrusted: markup a model could be talked into writing.
    const hostile = '<p>Soft <strong>wool</strong></p><script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">click</a><p onclick="alert(4)">Warm</p>';
    await database.proposal.update({ where: { id: description.id }, data: { value: hostile } });
    try {
      const page = await loadJobPage(client(), database, SHOP, jobId, pageQuery);
      const rendered = page.descriptions.proposals[description.id]!;
      expect(rendered).toBe(sanitizeDescriptionHtml(hostile));
      expect(rendered).toContain("<strong>wool</strong>");
      expect(rendered).not.toMatch(/<script|onerror|onclick|javascript:|<img/i);
      // The proposal itself is what the merchant edits, unchanged.
      expect(page.items.flatMap((item) => item.proposals).find((proposal) => proposal.id === description.id)?.value).toBe(hostile);
      // Today's description, in the shop's language, beside it: Shopify's HTML through the same sanitiser.
      const today = (await loadProductSnapshot(client(), description.productId)).descriptionHtml;
      expect(page.descriptions.primaryLocale).toBe("en");
      expect(page.descriptions.current[description.productId]).toBe(sanitizeDescriptionHtml(today));
      expect(today.length).toBeGreaterThan(0);
      // Every description proposal of the page is rendered; nothing else is.
      const descriptionIds = page.items.flatMap((item) => item.proposals.filter((proposal) => proposal.field === "descriptionHtml").map((proposal) => proposal.id));
      expect(Object.keys(page.descriptions.proposals).sort()).toEqual(descriptionIds.sort());
    } finally {
      await database.proposal.update({ where: { id: description.id }, data: { value: description.value } });
    }
  });

  it("offers Apply approved only while approved copy waits to be written, and refuses it once everything approved is on its way", async () => {
    expect((await jobProgress(database, SHOP, jobId)).readyToApply).toBe(0);
    const [first] = (await jobItems(database, SHOP, jobId, { status: "", page: 1 })).items;
    await reviewProposals(database, SHOP, jobId, { decision: "approve", scope: { kind: "items", itemIds: [first!.id] } });
    expect((await jobProgress(database, SHOP, jobId)).readyToApply).toBe(1);
    await reviewProposals(database, SHOP, jobId, { decision: "approve", scope: { kind: "all" } });
    const { readyToApply: ready, counts } = await jobProgress(database, SHOP, jobId);
    expect(ready).toBe(counts.generated);
    expect(ready).toBeGreaterThan(1);
    await applyApproved(deps, SHOP, jobId);
    // The same click again (a second tab, a double submit): nothing is waiting any more, whatever the runner has done yet.
    await expect(applyApproved(deps, SHOP, jobId)).rejects.toMatchObject({ code: "nothing_to_apply" });
    const progress = await jobProgress(database, SHOP, jobId);
    expect(progress.readyToApply).toBe(0);
    expect(progress.counts.applying + progress.counts.applied + progress.counts.skipped + progress.counts.failed).toBe(ready);
    await waitFor(async () => (await jobProgress(database, SHOP, jobId)).counts.applying === 0 && (await jobProgress(database, SHOP, jobId)).status === "completed", "the apply");
    expect((await jobProgress(database, SHOP, jobId)).readyToApply).toBe(0);
  });

  it("reverts what the job wrote, and leaves a field changed since by someone else as it is", async () => {
    // (approved and written by the test above)
    const applied = await database.proposal.findMany({ where: { shop: SHOP, jobId, status: "applied", field: "metaDescription" }, orderBy: { productId: "asc" } });
    expect(applied.length).toBeGreaterThan(1);
    const [changed, kept] = applied as [(typeof applied)[number], (typeof applied)[number]];
    const before = await database.revision.findFirstOrThrow({ where: { shop: SHOP, productId: kept.productId, field: "metaDescription", revertOfId: null } });
    // Someone edits one product's meta description in Shopify after the job.
    const token = emulator.store.issueAccessToken(SHOP).token;
    await fetch(`${emulator.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "x-plume-emulator-shop": SHOP },
      body: JSON.stringify({ query: "mutation ($product: ProductUpdateInput!) { productUpdate(product: $product) { userErrors { message } } }", variables: { product: { id: changed.productId, seo: { description: "Written by hand since" } } } }),
    });
    const report = await revertJobWrites(client(), database, { shop: SHOP, jobId, actor: "merchant" });
    expect(report.conflicts).toBeGreaterThanOrEqual(1);
    expect(report.reverted).toBeGreaterThan(0);
    expect((await loadProductSnapshot(client(), changed.productId)).metaDescription).toBe("Written by hand since");
    expect((await loadProductSnapshot(client(), kept.productId)).metaDescription).toBe(before.previousValue ?? "");
    expect(report.failed).toBe(0);
    // a second revert has nothing left to put back; the field changed since is still reported, still untouched
    expect(await revertJobWrites(client(), database, { shop: SHOP, jobId, actor: "merchant" })).toEqual({ reverted: 0, conflicts: report.conflicts, failed: 0 });
    expect((await loadProductSnapshot(client(), changed.productId)).metaDescription).toBe("Written by hand since");
  });
});
