import type { FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, openDemoInChromium, screenshot } from "../support/browser";
import type { RunningDemo } from "../../scripts/demo/server";

const chromium = findChromium();
if ("unavailable" in chromium) console.log(`SKIP browser tests: ${chromium.unavailable}`);

/**
 * Plume inside the admin, as a merchant clicks it in the demo: the admin's product list →
 * select 30 products → More actions → "Write copy with Plume" (the BUILT extension bundle in
 * the stand-in host, on another origin than the app) → the estimate → Start → the job's page
 * in the app shows its progress; then a product page → More actions → generate → apply one
 * field, which the admin's page then shows. The extension's calls to the app are
 * cross-origin with preflights: any CORS failure would be a console error here.
 */
describe.skipIf("unavailable" in chromium)("Plume's admin extensions in the demo", () => {
  let demo: RunningDemo;
  let page: Page;
  let errors: string[];
  let session: Awaited<ReturnType<typeof openDemoInChromium>> | undefined;
  const modal = (): FrameLocator => page.frameLocator("#extension-modal iframe");
  const app = (): FrameLocator => page.frameLocator("#app-frame");

  beforeAll(async () => {
    if ("unavailable" in chromium) return;
    session = await openDemoInChromium(chromium.executablePath, { name: "admin-extensions", products: 80, viewport: { width: 1280, height: 1000 } });
    ({ demo, page, errors } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it("selects 30 products in the admin's list, opens Write copy with Plume, sees the estimate and starts one job", async () => {
    await page.goto(`${demo.url}/admin/products`);
    const boxes = page.locator("tbody input.select");
    await expect.poll(() => boxes.count(), { timeout: 30_000 }).toBe(50);
    expect(await page.locator("#more-actions").isDisabled()).toBe(true);
    for (let index = 0; index < 30; index += 1) await boxes.nth(index).check();
    expect(await page.locator("#selection-count").textContent()).toBe("30 selected");
    await page.locator("#more-actions").click();
    await page.getByRole("menuitem", { name: "Write copy with Plume" }).click();
    await expect.poll(() => modal().getByText("30 products selected").count(), { timeout: 30_000 }).toBe(1);
    // The shop's default backend and model, and an estimate from the app for these 30.
    await expect.poll(() => modal().getByText(/^About .* in model costs$/).count(), { timeout: 30_000 }).toBe(1);
    expect(await modal().getByText(/^About \d+ (second|minute)s?$/).count()).toBe(1);
    expect(await modal().getByRole("combobox", { name: "Model backend" }).inputValue()).toBe("templates");
    await screenshot(page, "ext-bulk-estimate-en");
    const start = modal().getByRole("button", { name: "Start" });
    await expect.poll(() => start.isEnabled()).toBe(true);
    await start.click();
    await expect.poll(() => modal().getByText("Job started").count(), { timeout: 30_000 }).toBe(1);
    expect(await modal().getByText(/Plume is writing copy for 30 products/).count()).toBe(1);
    await screenshot(page, "ext-bulk-started-en");
  });

  it("follows the link to the job's page in the app, which shows the job's progress", async () => {
    await modal().getByRole("link", { name: "Open the job in Plume" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("app") ?? "", { timeout: 20_000 }).toMatch(/^\/app\/jobs\/[A-Za-z0-9_-]+$/);
    await expect.poll(() => app().getByText(/\d+ of 30 products done/).count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => app().getByText("30 of 30 products done").count(), { timeout: 60_000 }).toBe(1);
    await screenshot(page, "ext-job-page-en");
  });

  it("opens a product without a meta description, generates from More actions and applies that one field", async () => {
    // A product past the 30 the job wrote for, with an empty meta description (the shop's policy fills blanks).
    await page.goto(`${demo.url}/admin/products`);
    const links = await page.locator("tbody a").evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).getAttribute("href")!));
    let opened = "";
    for (const href of links.slice(30)) {
      await page.goto(`${demo.url}${href}`);
      if ((await page.locator("#product-seo-description").textContent()) === "(empty)") {
        opened = href;
        break;
      }
    }
    expect(opened).not.toBe("");
    // The app's block is on the page too, with nothing to review yet.
    await expect.poll(() => page.frameLocator("iframe.block").getByText(/No proposals yet/).count(), { timeout: 30_000 }).toBe(1);
    await page.locator("#more-actions").click();
    await page.getByRole("menuitem", { name: "Write copy with Plume" }).click();
    await expect.poll(() => modal().getByText(/No proposals yet/).count(), { timeout: 30_000 }).toBe(1);
    await modal().getByRole("button", { name: "Generate", exact: true }).first().click();
    const applyMeta = modal().getByRole("button", { name: "Apply the proposed Meta description" });
    await expect.poll(() => applyMeta.count(), { timeout: 30_000 }).toBe(1);
    await screenshot(page, "ext-product-proposals-en");
    await applyMeta.click();
    await expect.poll(() => modal().getByText("1 field saved to Shopify.").count(), { timeout: 30_000 }).toBe(1);
    await screenshot(page, "ext-product-applied-en");
    await modal().getByRole("button", { name: "Close", exact: true }).click();
    // The admin page reloads after the action: the meta description is now the one Plume wrote.
    await expect.poll(() => page.locator("#product-seo-description").textContent(), { timeout: 20_000 }).not.toBe("(empty)");
    expect(((await page.locator("#product-seo-description").textContent()) ?? "").length).toBeGreaterThan(20);
    // The block shows what is left to review (the other proposed fields).
    await expect.poll(() => page.frameLocator("iframe.block").getByText(/proposals? to review/).count(), { timeout: 30_000 }).toBe(1);
    await page.frameLocator("iframe.block").getByText("Proposed").first().waitFor();
    await screenshot(page, "ext-product-page-block-en");
  });

  it("speaks French in the French admin", async () => {
    await page.goto(`${demo.url}/admin/products?locale=fr`);
    const boxes = page.locator("tbody input.select");
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.locator("#more-actions").click();
    await page.getByRole("menuitem", { name: "Rédiger avec Plume" }).click();
    await expect.poll(() => modal().getByText("2 produits sélectionnés").count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => modal().getByText(/^Environ .* de coûts de modèle$/).count(), { timeout: 30_000 }).toBe(1);
    await screenshot(page, "ext-bulk-estimate-fr");
    await modal().getByRole("button", { name: "Annuler" }).click();
    await expect.poll(() => page.locator("#extension-modal").evaluate((dialog) => (dialog as HTMLDialogElement).open)).toBe(false);
    // The product page's action and block, in French too.
    await page.locator("tbody a").first().click();
    await page.locator("#more-actions").click();
    await page.getByRole("menuitem", { name: "Rédiger avec Plume" }).click();
    await expect.poll(() => modal().getByRole("button", { name: /^(Rédiger|Tout appliquer)$/ }).count(), { timeout: 30_000 }).toBe(1);
    // The button is there (disabled) while the product's view loads; the settings line comes with the view.
    await expect.poll(() => modal().getByText(/Rédige .* dans la langue principale de la boutique \(en\), selon vos réglages de rédaction\./).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.frameLocator("iframe.block").getByText("Textes produit Plume").count(), { timeout: 30_000 }).toBe(1);
    await screenshot(page, "ext-product-action-fr");
  });

  it("logged no console error, failed request or uncaught exception (CORS included)", () => {
    expect(errors).toEqual([]);
  });
});
