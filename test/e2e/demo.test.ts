import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogSortKey } from "~/catalog/catalog-index.server";
import { POLL_INTERVAL_MS } from "~/components/shared/use-poll";
import { generateCatalog } from "../../emulator/admin/seed/generate-catalog";
import { DEMO_SHOP } from "../../scripts/demo/config";
import { startDemo, type RunningDemo } from "../../scripts/demo/server";
import { answerShopifyCdnOffline, collectPageErrors, DESKTOP_CHROME_USER_AGENT, findChromium, launchChromium, screenshot, startLayoutShiftMeter } from "../support/browser";

const chromium = findChromium();
if ("unavailable" in chromium) console.log(`SKIP browser tests: ${chromium.unavailable}`);
const PRODUCTS = 60;
/** Longer than the pages' poll interval: an answer that comes after the next read would have been due. */
const SLOW_ANSWER_MS = POLL_INTERVAL_MS + 500;

describe.skipIf("unavailable" in chromium)("the demo in headless Chromium", () => {
  let demo: RunningDemo;
  let browser: Browser;

  beforeAll(async () => {
    if ("unavailable" in chromium) return;
    const databaseUrl = `file:${path.join(mkdtempSync(path.join(tmpdir(), "plume-e2e-")), "demo.sqlite")}`;
    demo = await startDemo({ port: 0, databaseUrl, products: PRODUCTS });
    browser = await launchChromium(chromium.executablePath);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function openFrame(query = ""): Promise<{ page: Page; app: FrameLocator; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, userAgent: DESKTOP_CHROME_USER_AGENT });
    await answerShopifyCdnOffline(page);
    const errors = collectPageErrors(page);
    await page.goto(`${demo.url}/${query}`);
    return { page, app: page.frameLocator("#app-frame"), errors };
  }

  it("serves /healthz", async () => {
    const response = await fetch(`${demo.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, shop: DEMO_SHOP.domain });
  });

  it("shows the embedded Home page with the seeded shop's real data, without console errors", async () => {
    const { page, app, errors } = await openFrame();
    await expect.poll(() => app.getByText(`Welcome to Plume, ${DEMO_SHOP.name}`).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => app.locator("#product-count").textContent()).toBe(`${PRODUCTS} products`);
    // The app's navigation is hoisted into the frame's sidebar, as App Bridge does.
    await expect.poll(() => page.locator("#app-nav a").allTextContents()).toEqual(["Home", "Products", "Jobs", "Compare", "Usage", "Settings"]);
    await screenshot(page, "demo-home");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("indexes the catalog and lists its products, sorted by title, with the health summary", async () => {
    const { page, app, errors } = await openFrame();
    await expect.poll(() => page.locator("#app-nav a").count(), { timeout: 20_000 }).toBe(6);
    // The Products page's data requests are answered later than the poll interval, as on a loaded machine. The page
    // used to start its next read every two seconds, aborting the one still in flight: no answer ever arrived, and the
    // first visit showed "Indexing your catalog…" with no rows long after the sync had finished.
    await page.route(/\/app\/products\.data/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, SLOW_ANSWER_MS));
      await route.continue();
    });
    await page.locator("#app-nav a", { hasText: "Products" }).click();
    const catalog = generateCatalog({ products: PRODUCTS, seed: DEMO_SHOP.seed, shopDomain: DEMO_SHOP.domain });
    // The index orders titles by their folded key (no case, no accents), then by title.
    const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const expectedTitles = catalog.products
      .map((product) => product.title)
      .sort((a, b) => byKey(catalogSortKey(a), catalogSortKey(b)) || byKey(a, b))
      .slice(0, 3);
    // The first visit starts the catalog sync (a bulk query: 0.7 s alone, about 9 s with both cores saturated), then the
    // page's next reads, each answered late, see it finish.
    await expect.poll(() => app.locator("table tbody tr").count(), { timeout: 90_000 }).toBe(50);
    const titles = await app.locator("table tbody tr td:nth-child(3)").allTextContents();
    // Every row has its thumbnail slot: the image, or (offline, as here) a same-size placeholder.
    expect(await app.locator("table tbody tr [data-image-placeholder], table tbody tr [data-image-thumbnail]").count()).toBe(50);
    expect(titles.slice(0, 3)).toEqual(expectedTitles);
    const missingSeo = catalog.products.filter((product) => !product.seo.title).length;
    await expect.poll(() => app.locator("p", { hasText: /^Missing SEO title$/ }).locator("..").textContent()).toContain(String(missingSeo));
    await screenshot(page, "demo-products");
    expect(errors).toEqual([]);
    await page.close();
  }, 150_000);

  it("speaks the admin's language: French in the app and in Polaris", async () => {
    const { page, app, errors } = await openFrame("?locale=fr");
    await expect.poll(() => app.getByText(`Bienvenue dans Plume, ${DEMO_SHOP.name}`).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.locator("#app-nav a").allTextContents()).toEqual(["Accueil", "Produits", "Tâches", "Comparer", "Utilisation", "Paramètres"]);
    await screenshot(page, "demo-home-fr");
    expect(errors).toEqual([]);
    await page.close();
  });
  it("Products: every column fits at 1280 px, and changing a filter shifts nothing (CLS ≤ 0.05)", async () => {
    const { page, app, errors } = await openFrame();
    await expect.poll(() => page.locator("#app-nav a").count(), { timeout: 20_000 }).toBe(6);
    await page.locator("#app-nav a", { hasText: "Products" }).click();
    await expect.poll(() => app.locator("table tbody tr").count(), { timeout: 30_000 }).toBe(50);
    const frame = page.frames().find((candidate) => candidate.name() === "app-iframe");
    if (!frame) throw new Error("no app frame");
    // The last column's header ends inside the table's card: nothing is cut off or scrolled away.
    const edges = await frame.evaluate(() => {
      const headers = [...document.querySelectorAll("table thead th")];
      const card = document.querySelector("table")?.closest(".Polaris-LegacyCard, .Polaris-ShadowBevel") ?? document.querySelector("table")?.parentElement;
      return { lastHeader: headers.at(-1)?.getBoundingClientRect().right ?? Infinity, card: card?.getBoundingClientRect().right ?? 0 };
    });
    expect(edges.lastHeader).toBeLessThanOrEqual(edges.card);

    const layoutShift = await startLayoutShiftMeter(frame);
    const total = await app.getByText(/products? match(es)?, of/).textContent();
    await app.getByLabel("Missing", { exact: true }).selectOption("seoTitle");
    await expect.poll(() => app.getByText(/products? match(es)?, of/).textContent()).not.toBe(total);
    await app.getByRole("button", { name: "Clear filters" }).click();
    await expect.poll(() => app.getByText(/products? match(es)?, of/).textContent()).toBe(total);
    expect(await app.getByLabel("Missing", { exact: true }).inputValue()).toBe("");
    expect(await app.getByRole("button", { name: "Clear filters" }).count()).toBe(0);
    await page.waitForTimeout(500);
    const cls = await layoutShift();
    console.log(`Products: CLS after a filter and "Clear filters" = ${cls.toFixed(4)}`);
    expect(cls).toBeLessThanOrEqual(0.05);
    expect(errors).toEqual([]);
    await page.close();
  });
  it("Home: a setup checklist, and the catalog's health one click from each fix (en and fr)", async () => {
    const { page, app, errors } = await openFrame();
    await expect.poll(() => app.getByText("Get set up").count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => app.getByText("0 of 4 done").count()).toBe(1);
    // The Products test above indexed the catalog: the health summary is the store's.
    const catalog = generateCatalog({ products: PRODUCTS, seed: DEMO_SHOP.seed, shopDomain: DEMO_SHOP.domain });
    const missingSeo = catalog.products.filter((product) => !product.seo.title).length;
    await expect.poll(() => app.locator("#health-seoTitle").textContent()).toBe(String(missingSeo));
    await screenshot(page, "demo-home-setup");
    await app.locator("#health-seoTitle").locator("xpath=..").getByRole("link", { name: "Fix" }).click();
    await expect.poll(() => app.getByLabel("Missing", { exact: true }).inputValue(), { timeout: 20_000 }).toBe("seoTitle");
    await expect.poll(() => app.getByText(/products? match(es)?, of/).textContent()).toContain(`${missingSeo} product`);
    expect(errors).toEqual([]);
    await page.close();

    const french = await openFrame("?locale=fr");
    await expect.poll(() => french.app.getByText("Premiers pas").count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => french.app.getByText("Santé du catalogue").count()).toBe(1);
    await screenshot(french.page, "demo-home-setup-fr");
    expect(french.errors).toEqual([]);
    await french.page.close();
  });
});
