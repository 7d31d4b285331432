import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncCatalog } from "~/catalog/catalog-index.server";
import { loadProductSnapshot } from "~/catalog/product-facts.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import { sanitizeDescriptionHtml } from "~/copy/sanitize.server";
import { JobConflictError, JobNotFoundError } from "~/jobs/errors";
import { CSV_COLUMNS, jobCsvStream, neutraliseFormula } from "~/jobs/export.server";
import { loadJobPage } from "~/jobs/job-page.server";
import { JobRevertRunner } from "~/jobs/revert-runner.server";
import { claimJobRevert, latestJobRevert, MAX_REVERT_ATTEMPTS, requestJobRevert } from "~/jobs/revert.server";
import { JobRunner } from "~/jobs/runner.server";
import { jobItemsWithWarnings } from "~/jobs/review.server";
import { applyApproved, jobItems, jobProgress, reviewProposals, startJob, type JobServiceDependencies } from "~/jobs/service.server";
import { ADMIN_API_VERSION } from "~/shopify/api-version";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshSqlite } from "../support/databases";

/**
 * The Jobs page's own server helpers over a real job (Templates, so no provider): the
 * "with warnings" view, the streamed CSV (formula-safe), descriptions rendered through the
 * sanitiser, "Apply approved" following the data, and the whole-job revert run in the
 * background (crash included), each scoped to its shop. (Edits are the job service's, tested with it.)
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

const runner = new JobRunner({ database, adminFor: async (shop) => emulatorAdminClient(emulator, shop) }, { idleMs: 20 });
const reverts = new JobRevertRunner({ database, adminFor: async (shop) => emulatorAdminClient(emulator, shop) }, { idleMs: 20 });
const deps: JobServiceDependencies = {
  database,
  dispatcher: {
    notify: () => {
      runner.notify();
      reverts.notify();
    },
  },
};
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
  await Promise.all([runner.stop(), reverts.stop()]);
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

  it("names a product the catalog index has not seen yet (a sync still running) by its title in Shopify, not its id", async () => {
    const { items } = await jobItems(database, SHOP, jobId, { status: "", page: 1 });
    const item = items[0]!;
    const indexed = await database.catalogProduct.findFirstOrThrow({ where: { shop: SHOP, productId: item.productId } });
    await database.catalogProduct.deleteMany({ where: { shop: SHOP, productId: item.productId } });
    try {
      const page = await loadJobPage(client(), database, SHOP, jobId, pageQuery);
      const shown = page.items.find((entry) => entry.id === item.id)!;
      expect(shown.title).toBe((await loadProductSnapshot(client(), item.productId)).title);
      expect(shown.title).toBe(indexed.title);
    } finally {
      await database.catalogProduct.create({ data: indexed });
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

  it("reverts the job in the background, leaves a field changed since by someone else as it is, and the items say Reverted", async () => {
    const applied = await database.proposal.findMany({ where: { shop: SHOP, jobId, status: "applied", field: "metaDescription" }, orderBy: { productId: "asc" } });
    expect(applied.length).toBeGreaterThan(1);
    const [changed, kept] = applied as [(typeof applied)[number], (typeof applied)[number]];
    const before = await database.revision.findFirstOrThrow({ where: { shop: SHOP, productId: kept.productId, field: "metaDescription", revertOfId: null } });
    const written = await database.revision.count({ where: { shop: SHOP, jobId, status: "written", revertOfId: null } });
    const products = (await database.revision.groupBy({ by: ["productId"], where: { shop: SHOP, jobId, status: "written", revertOfId: null } })).length;
    // Someone edits one product's meta description in Shopify after the job.
    const token = emulator.store.issueAccessToken(SHOP).token;
    await fetch(`${emulator.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "x-plume-emulator-shop": SHOP },
      body: JSON.stringify({ query: "mutation ($product: ProductUpdateInput!) { productUpdate(product: $product) { userErrors { message } } }", variables: { product: { id: changed.productId, seo: { description: "Written by hand since" } } } }),
    });
    // A job still writing is not reverted under its feet.
    const moving = await database.job.create({ data: { shop: SHOP, status: "running", mode: "review", request: "{}", selection: "{}", estimate: "{}", createdBy: "merchant" } });
    await expect(requestJobRevert(database, { shop: SHOP, jobId: moving.id, actor: "merchant" })).rejects.toBeInstanceOf(JobConflictError);
    await expect(requestJobRevert(database, { shop: OTHER, jobId, actor: "merchant" })).rejects.toBeInstanceOf(JobNotFoundError);

    // The request only records the revert: nothing is written until a worker runs it.
    const requested = await requestJobRevert(database, { shop: SHOP, jobId, actor: "merchant" });
    expect(requested).toMatchObject({ status: "queued", reverted: 0 });
    expect((await requestJobRevert(database, { shop: SHOP, jobId, actor: "merchant" })).id).toBe(requested.id);
    expect(await database.revision.count({ where: { shop: SHOP, jobId, revertOfId: { not: null } } })).toBe(0);
    reverts.start();
    reverts.notify();
    await waitFor(async () => (await latestJobRevert(database, SHOP, jobId))?.status === "completed", "the revert");
    const report = (await latestJobRevert(database, SHOP, jobId))!;
    expect(report.id).toBe(requested.id);
    expect(report.conflicts).toBeGreaterThanOrEqual(1);
    expect(report.failed).toBe(0);
    expect(report.reverted + report.conflicts).toBe(written);
    expect(report.productsDone).toBe(report.productsTotal);
    expect(report.productsTotal).toBe(products);
    expect((await loadProductSnapshot(client(), changed.productId)).metaDescription).toBe("Written by hand since");
    expect((await loadProductSnapshot(client(), kept.productId)).metaDescription).toBe(before.previousValue ?? "");
    expect((await database.proposal.findUniqueOrThrow({ where: { id: changed.id } })).status).toBe("revert_conflict");
    expect((await database.proposal.findUniqueOrThrow({ where: { id: kept.id } })).status).toBe("reverted");

    // The review reads it from the revision store: the kept product is Reverted, the changed one only in part.
    const items = (await jobItems(database, SHOP, jobId, { status: "", page: 1 })).items;
    const keptItem = items.find((item) => item.productId === kept.productId)!;
    const changedItem = items.find((item) => item.productId === changed.productId)!;
    expect(keptItem.status).toBe("applied");
    expect(keptItem.writes.written).toBeGreaterThan(0);
    expect(keptItem.writes.reverted).toBe(keptItem.writes.written);
    expect(changedItem.writes.reverted).toBe(changedItem.writes.written - 1);
    expect(keptItem.proposals.filter((proposal) => proposal.status === "applied")).toEqual([]);

    // A second revert has nothing left to put back; the field changed since is still reported, still untouched.
    await requestJobRevert(database, { shop: SHOP, jobId, actor: "merchant" });
    reverts.notify();
    await waitFor(async () => (await latestJobRevert(database, SHOP, jobId))?.status === "completed", "the second revert");
    expect(await latestJobRevert(database, SHOP, jobId)).toMatchObject({ reverted: 0, conflicts: report.conflicts, failed: 0 });
    expect((await loadProductSnapshot(client(), changed.productId)).metaDescription).toBe("Written by hand since");
  });

  it("a revert whose worker died mid-way is taken over where it stopped, and every value is counted once", async () => {
    // The other shop's own job, applied.
    await saveCopySettings(database, OTHER, copySettingsSchema.parse({ writePolicy: "overwrite" }));
    await syncCatalog(emulatorAdminClient(emulator, OTHER), database, OTHER, { pollIntervalMs: 10 });
    const job = await startJob(deps, emulatorAdminClient(emulator, OTHER), {
      shop: OTHER,
      actor: "merchant",
      job: { request: { fields: ["seoTitle", "metaDescription"], locales: ["en"], backendId: "templates", modelId: "default" }, selection: { kind: "all" }, mode: "auto_apply" },
    });
    await waitFor(async () => (await jobProgress(database, OTHER, job.id)).status === "completed", "the other shop's job");
    const written = await database.revision.count({ where: { shop: OTHER, jobId: job.id, status: "written", revertOfId: null } });
    const products = (await database.revision.groupBy({ by: ["productId"], where: { shop: OTHER, jobId: job.id, status: "written", revertOfId: null } })).length;
    expect(products).toBe(2);
    await reverts.stop();

    // A worker that dies after putting the first product's values back, before recording it: its process is gone
    // (the call it waits on never answers), its lease is not renewed.
    const real = emulatorAdminClient(emulator, OTHER);
    const dying = new JobRevertRunner(
      {
        database,
        adminFor: async () => ({
          shop: OTHER,
          graphql: (query, options) => (query.includes("PlumeCatalogProduct") ? new Promise<Response>(() => {}) : real.graphql(query, options)),
        }),
      },
      { idleMs: 20, leaseMs: 400 },
    );
    const requested = await requestJobRevert(database, { shop: OTHER, jobId: job.id, actor: "merchant" });
    dying.start();
    await waitFor(async () => (await database.revision.count({ where: { shop: OTHER, jobId: job.id, revertOfId: null, revertedAt: { not: null } } })) > 0, "the first product's values put back");
    dying.abandon();
    const stuck = await database.jobRevert.findUniqueOrThrow({ where: { id: requested.id } });
    expect(stuck).toMatchObject({ status: "running", productsDone: 0, reverted: 0, cursor: null });

    // Another worker (or the same process restarted) takes it over once the lease has expired, and finishes it.
    const next = new JobRevertRunner({ database, adminFor: async (shop) => emulatorAdminClient(emulator, shop) }, { idleMs: 20, leaseMs: 400 });
    next.start();
    try {
      await waitFor(async () => (await latestJobRevert(database, OTHER, job.id))?.status === "completed", "the revert taken over");
    } finally {
      await next.stop();
    }
    const report = await database.jobRevert.findUniqueOrThrow({ where: { id: requested.id } });
    expect(report).toMatchObject({ status: "completed", attempts: 1, reverted: written, conflicts: 0, failed: 0, productsTotal: products, productsDone: products, activeJobId: null });
    expect(await database.revision.count({ where: { shop: OTHER, jobId: job.id, revertOfId: null, revertedAt: null } })).toBe(0);
    // One revert revision per value: the product in hand when the worker died was not written twice.
    expect(await database.revision.count({ where: { shop: OTHER, jobId: job.id, revertOfId: { not: null } } })).toBe(written);
  });

  it("a revert whose workers keep dying stops (failed) instead of staying under way forever", async () => {
    const row = await database.jobRevert.create({
      data: { shop: OTHER, jobId: "ghost-job", actor: "merchant", activeJobId: "ghost-job", status: "running", leaseOwner: "dead-worker", leaseUntil: new Date(Date.now() - 1_000), attempts: MAX_REVERT_ATTEMPTS, startedAt: new Date() },
    });
    expect(await claimJobRevert(database, "survivor", 1_000)).toBeNull();
    expect(await database.jobRevert.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "failed", activeJobId: null, leaseOwner: null });
    expect(JSON.parse((await database.jobRevert.findUniqueOrThrow({ where: { id: row.id } })).error ?? "{}")).toMatchObject({ code: "internal_error" });
  });
});
