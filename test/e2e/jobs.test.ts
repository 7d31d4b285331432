import type { FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectPageErrors, DESKTOP_CHROME_USER_AGENT, answerShopifyCdnOffline, findChromium, openDemoInChromium, screenshot, startLayoutShiftMeter } from "../support/browser";
import type { RunningDemo } from "../../scripts/demo/server";

const chromium = findChromium();
if ("unavailable" in chromium) console.log(`SKIP browser tests: ${chromium.unavailable}`);
/** More products than one page (50) miss a meta description, so "select all matching" means more than the page. */
const PRODUCTS = 120;

/**
 * The bulk journey of the demo, as a merchant clicks it: Products → filter "missing meta
 * description" → select all matching (the whole filtered index, not the page) → estimate →
 * start in review mode → watch the progress → approve all without warnings → apply approved
 * → the applied counts; then the Jobs list and the job page in French.
 */
describe.skipIf("unavailable" in chromium)("a bulk job in the demo", () => {
  let demo: RunningDemo;
  let page: Page;
  let app: FrameLocator;
  let errors: string[];
  let session: Awaited<ReturnType<typeof openDemoInChromium>> | undefined;
  let matching = 0;
  let jobPath = "";
  const appFrame = () => page.frames().find((frame) => frame.name() === "app-iframe");

  beforeAll(async () => {
    if ("unavailable" in chromium) return;
    // The emulated models answer in a second, as a real one might: the job runs long enough to be watched.
    session = await openDemoInChromium(chromium.executablePath, { name: "jobs", products: PRODUCTS, viewport: { width: 1280, height: 1100 }, providerLatencyMs: 1000 });
    ({ demo, page, errors } = session);
    app = page.frameLocator("#app-frame");
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it("Home's checklist offers a first bulk job", async () => {
    await page.goto(`${demo.url}/`);
    await expect.poll(() => app.getByText("Run your first bulk job").count(), { timeout: 30_000 }).toBe(1);
  });

  it("selects every product missing a meta description, beyond the first page, and opens the job's start page", async () => {
    await page.locator("#app-nav a", { hasText: "Products" }).click();
    await expect.poll(() => app.locator("table tbody tr").count(), { timeout: 60_000 }).toBe(50);
    await app.getByLabel("Missing", { exact: true }).selectOption("metaDescription");
    const summary = app.getByText(/\d+ products? match, of/);
    await expect.poll(() => summary.textContent(), { timeout: 20_000 }).not.toContain(`${PRODUCTS} products match`);
    matching = Number(/(\d+) products? match/.exec((await summary.textContent()) ?? "")?.[1]);
    expect(matching).toBeGreaterThan(50);
    // Select the page, then every match of the filter.
    await app.locator("thead input[type='checkbox']").first().check({ force: true });
    await app.getByRole("button", { name: `Select all ${matching} products matching this filter` }).click();
    await expect.poll(() => app.getByText(`All ${matching} products matching this filter are selected.`).count()).toBeGreaterThan(0);
    await screenshot(page, "jobs-select-all-matching");
    await app.getByRole("button", { name: "Generate copy" }).click();
    await expect.poll(() => app.locator("#job-selection").textContent(), { timeout: 20_000 }).toBe(`All ${matching} products matching the filter`);
  });

  it("shows the estimate before the start, then starts the job in review mode", async () => {
    // SEO title and meta description only: the fields this filter is about.
    await app.getByLabel("Description", { exact: true }).uncheck({ force: true });
    await app.getByLabel("Image alt text", { exact: true }).uncheck({ force: true });
    // A self-hosted model (emulated Ollama: no key, no cost) writes this job.
    await app.getByLabel("Backend", { exact: true }).selectOption("emulated-ollama");
    expect(await app.getByRole("button", { name: "Start job" }).isDisabled()).toBe(true);
    await app.getByRole("button", { name: "Estimate", exact: true }).click();
    await expect.poll(() => app.getByRole("heading", { name: "Estimate", exact: true }).count(), { timeout: 30_000 }).toBe(1);
    const text = (await app.locator("body").textContent()) ?? "";
    expect(text).toContain(`Model calls${matching}`);
    expect(text).toMatch(/Input tokens.*from the prompt cache/);
    expect(text).toMatch(/Monthly budget/);
    expect(text).toContain(`Products${matching}`);
    await screenshot(page, "jobs-estimate-en");
    await app.getByRole("button", { name: "Start job" }).click();
    await expect.poll(() => new URL(appFrame()?.url() ?? "http://x/").pathname, { timeout: 30_000 }).toMatch(/^\/app\/jobs\/(?!new$)[A-Za-z0-9_-]+$/);
    jobPath = new URL(appFrame()!.url()).pathname;
  });

  it("shows the progress live, without a reload, until every product is written for review", async () => {
    const frame = appFrame()!;
    const navigations: string[] = [];
    page.on("framenavigated", (navigated) => {
      if (navigated === frame) navigations.push(navigated.url());
    });
    const layoutShift = await startLayoutShiftMeter(frame);
    await expect.poll(() => app.locator("#job-progress-line").textContent(), { timeout: 30_000 }).toMatch(/of \d+ products done/);
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          seen.add((await app.locator("#job-progress-line").textContent()) ?? "");
          return app.locator(".Polaris-Badge", { hasText: "Completed" }).count();
        },
        { timeout: 150_000, interval: 500 },
      )
      .toBeGreaterThan(0);
    expect(await app.locator("#job-progress-line").textContent()).toBe(`${matching} of ${matching} products done`);
    // The page itself never reloaded: the progress came by revalidation.
    expect(navigations).toEqual([]);
    expect(seen.size).toBeGreaterThan(1);
    const cls = await layoutShift();
    console.log(`Job page: CLS while the job ran = ${cls.toFixed(4)}; progress lines seen: ${seen.size}`);
    expect(cls).toBeLessThanOrEqual(0.05);
    await screenshot(page, "jobs-progress-en");
    // The review list moved with nothing while the job ran; it shows the results when asked.
    await app.getByRole("button", { name: "Show the latest results" }).click();
    await expect.poll(() => app.locator("[data-search-preview-title]").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await screenshot(page, "jobs-review-en");
  }, 180_000);

  it("approves everything without warnings, applies it, and shows the applied counts", async () => {
    const pendingBefore = (await app.locator("#job-pending").textContent()) ?? "";
    expect(pendingBefore).toMatch(/proposals? waiting for review/);
    await app.getByRole("button", { name: "Approve all without warnings" }).click();
    await expect.poll(() => app.locator("#job-pending").textContent(), { timeout: 20_000 }).not.toBe(pendingBefore);
    // "Apply approved" follows the data: enabled with what it would write, then disabled with the reason as soon
    // as the action is done and the page's data reloaded — no manual refresh.
    const apply = app.getByRole("button", { name: "Apply approved" });
    await expect.poll(() => apply.isEnabled()).toBe(true);
    expect(await app.locator("#apply-state").textContent()).toMatch(/^\d+ products? with approved copy (is|are) ready to write\.$/);
    await apply.click();
    await expect.poll(() => apply.isDisabled(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => app.locator("#apply-state").textContent(), { timeout: 20_000 }).toMatch(/^(Writing \d+ products? to Shopify…|Approve proposals first: nothing approved is waiting to be written\.|Nothing approved is waiting to be written\.)$/);
    await expect
      .poll(async () => Number(/· (\d+)/.exec((await app.locator("[data-item-count='applied']").textContent()) ?? "")?.[1] ?? 0), { timeout: 150_000, interval: 500 })
      .toBeGreaterThan(0);
    await expect.poll(() => app.locator("[data-item-count='applying']").textContent(), { timeout: 150_000, interval: 500 }).toContain("· 0");
    // Applying paces itself on the shop's Admin cost bucket: no product fails for being throttled.
    expect(await app.locator("[data-item-count='failed']").textContent()).toContain("· 0");
    await app.locator("#job-progress-line").scrollIntoViewIfNeeded();
    await screenshot(page, "jobs-applied-en");
    // The button stays disabled once everything approved is written: nothing is waiting.
    expect(await apply.isDisabled()).toBe(true);
    // The written products, as the review lists them.
    await app.getByLabel("Product state").selectOption("applied");
    await expect.poll(() => app.locator("[data-item-state='applied']").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // Revert the whole job: it runs in the background, the page follows it and says how many values went back.
    await app.getByRole("button", { name: "Revert the whole job" }).click();
    await app.getByRole("button", { name: "Revert job", exact: true }).click();
    await expect.poll(() => page.locator("#toasts").textContent(), { timeout: 20_000, interval: 100 }).toContain("Revert started. It runs in the background.");
    await expect.poll(() => app.locator("#job-revert").getAttribute("data-revert-status"), { timeout: 90_000, interval: 200 }).toBe("completed");
    const revertReport = (await app.locator("#job-revert").textContent()) ?? "";
    expect(revertReport).toMatch(/Job reverted/);
    expect(revertReport).toMatch(/Values put back: [1-9]/);
    expect(revertReport).toContain("Left as they are, changed since by someone else: 0");
    expect(revertReport).toContain("Could not be put back: 0");
    // The items it wrote now say Reverted, read again from the data once the revert finished (no reload).
    await expect.poll(() => app.locator("[data-item-state='itemReverted']").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await app.locator("[data-item-state='applied']").count()).toBe(0);
    await screenshot(page, "jobs-reverted-en");
    // The Jobs list has it, newest first, with its counts.
    await page.locator("#app-nav a", { hasText: "Jobs" }).click();
    await expect.poll(() => app.locator("table tbody tr").count(), { timeout: 20_000 }).toBe(1);
    expect(await app.locator("table tbody tr").first().textContent()).toMatch(/\d+ applied/);
    // its cost so far is the ledger's: one call per product written, counted as such
    expect(await app.locator("[data-job-cost]").first().textContent()).toMatch(new RegExp(`^\\$0\\.00 of \\$0\\.00 estimated${matching} calls$`));
    await screenshot(page, "jobs-list-en");
    expect(errors).toEqual([]);
  }, 240_000);

  it("the Jobs list and the job page in French", async () => {
    const frenchPage = await session!.browser.newPage({ viewport: { width: 1280, height: 1100 }, userAgent: DESKTOP_CHROME_USER_AGENT });
    const frenchErrors = collectPageErrors(frenchPage);
    await answerShopifyCdnOffline(frenchPage);
    await frenchPage.goto(`${demo.url}/?locale=fr`);
    const french = frenchPage.frameLocator("#app-frame");
    // Home's checklist: the first bulk job is done now.
    await expect.poll(() => french.getByText("Lancer votre première tâche groupée").count(), { timeout: 30_000 }).toBe(1);
    await frenchPage.locator("#app-nav a", { hasText: "Tâches" }).click();
    await expect.poll(() => french.locator("table tbody tr").count(), { timeout: 20_000 }).toBe(1);
    expect(await french.locator("table tbody tr").first().textContent()).toMatch(/\d+ publiés? · /);
    await screenshot(frenchPage, "jobs-list-fr");
    await french.locator("table tbody tr").first().click();
    await expect.poll(() => french.getByRole("heading", { name: "Progression" }).count(), { timeout: 20_000 }).toBe(1);
    expect(await french.locator("#job-progress-line").textContent()).toBe(`${matching} produits traités sur ${matching}`);
    await screenshot(frenchPage, "jobs-page-fr");
    expect(new URL(frenchPage.frames().find((frame) => frame.name() === "app-iframe")!.url()).pathname).toBe(jobPath);
    expect(frenchErrors).toEqual([]);
    await frenchPage.close();
  }, 120_000);
});
