import { readFileSync } from "node:fs";
import type { FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEDGER_CSV_COLUMNS } from "~/usage/export.server";
import type { RunningDemo } from "../../scripts/demo/server";
import { findChromium, openDemoInChromium, screenshot } from "../support/browser";

const chromium = findChromium();
if ("unavailable" in chromium) console.log(`SKIP browser tests: ${chromium.unavailable}`);

/**
 * Issue 13, "Usage and cost", tried in the demo: the Usage page is honest before any call (an empty
 * state, no chart), then a real priced call (a connection test to emulated OpenAI) shows up in the
 * chart of spend by day and backend, drawn in the browser after hydration, in English and in French.
 */
describe.skipIf("unavailable" in chromium)("usage page in the demo", () => {
  let demo: RunningDemo;
  let page: Page;
  let app: FrameLocator;
  let errors: string[];
  let session: Awaited<ReturnType<typeof openDemoInChromium>> | undefined;

  beforeAll(async () => {
    if ("unavailable" in chromium) return;
    session = await openDemoInChromium(chromium.executablePath, { name: "usage", products: 5 });
    ({ demo, page, errors } = session);
    app = page.frameLocator("#app-frame");
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  async function openFromNav(start: string, link: string) {
    await page.goto(`${demo.url}${start}`);
    await expect.poll(() => page.locator("#app-nav a").count(), { timeout: 20_000 }).toBe(6);
    await page.locator("#app-nav a", { hasText: link }).click();
  }

  it("shows an honest empty state before any model call", async () => {
    await openFromNav("/", "Usage");
    await expect.poll(() => app.getByText("No model calls this month").count(), { timeout: 20_000 }).toBe(1);
    expect(await app.locator('[data-testid="usage-spend-chart"]').count()).toBe(0);
  });

  it("draws a priced call in the chart, in English and in French", async () => {
    await openFromNav("/", "Settings");
    await expect.poll(() => app.getByLabel("Backend").count(), { timeout: 20_000 }).toBe(1);
    // Settings says where the backend being chosen sends product data, beside the choice: a self-hosted server first.
    const settingsFlow = app.locator("[data-settings-data-flow]");
    await app.getByLabel("Backend").selectOption("emulated-ollama");
    await expect.poll(() => settingsFlow.textContent(), { timeout: 20_000 }).toContain("Stays on your servers");
    expect(await settingsFlow.textContent()).toMatch(/Hosts that receive product data(127\.0\.0\.1|localhost):\d+/);
    expect(await settingsFlow.textContent()).toContain("EU / self-hosted only");
    await settingsFlow.scrollIntoViewIfNeeded();
    await screenshot(page, "sovereignty-settings-self-hosted-en");
    await app.getByLabel("Backend").selectOption("emulated-openai");
    await expect.poll(() => settingsFlow.textContent()).toContain("Processed byOpenAI");
    expect(await settingsFlow.textContent()).toContain("Local emulator: requests go to");
    await screenshot(page, "sovereignty-settings-hosted-en");
    await app.getByLabel("Model", { exact: true }).fill("gpt-6-luna");
    await app.getByRole("button", { name: "Use this backend" }).click();
    await expect.poll(() => page.locator(".toast").allTextContents()).toContain("Settings saved");
    await app.getByLabel("API key").fill("sk-emulated-openai");
    await app.getByRole("button", { name: "Save connection" }).click();
    await expect.poll(() => app.getByText("A key ending in enai is stored, encrypted.", { exact: false }).count()).toBe(1);
    await app.getByRole("button", { name: "Test connection" }).click();
    await expect.poll(() => app.getByText(/Connected: the model answered in \d+ ms\./).count(), { timeout: 20_000 }).toBe(1);

    await openFromNav("/", "Usage");
    const chart = app.locator('[data-testid="usage-spend-chart"]');
    // the bars are drawn client-side (the server sends the chart's frame): a bar means the page hydrated and drew
    await expect.poll(() => chart.locator(".recharts-bar-rectangle path").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // the legend names the backend as the merchant chose it, never its id
    expect(await chart.locator(".recharts-legend-item-text").allTextContents()).toEqual(["OpenAI (emulated)"]);
    expect(await app.getByText("Connection test", { exact: true }).count()).toBe(1);
    await screenshot(page, "usage-en");
    // Where the data goes: the primary backend, from OpenAI's own API terms, and the host that receives it
    const flow = app.locator('[data-data-flow="emulated-openai"]');
    await expect.poll(() => flow.count()).toBe(1);
    const flowText = (await flow.textContent()) ?? "";
    expect(flowText).toContain("OpenAI (emulated)Primary");
    expect(flowText).toContain("Used to train models (API terms)No");
    expect(flowText).toContain("Kept by the providerUp to 30 days, for abuse monitoring");
    expect(flowText).toMatch(/Hosts that receive product data(127\.0\.0\.1|localhost):\d+/);
    expect(flowText).toMatch(/Provider's terms \(checked December 1, 2026\)/);
    expect(flowText).not.toMatch(/sovereignty\.|not-stated|emulated-openai/);
    // the recent calls Settings used to list are here, with their outcome in words
    expect(await app.getByRole("heading", { name: "Recent model calls" }).count()).toBe(1);
    await flow.scrollIntoViewIfNeeded();
    await screenshot(page, "sovereignty-usage-en");

    // the export button downloads the month's ledger: a header and the one call
    const download = page.waitForEvent("download", { timeout: 20_000 });
    await app.getByRole("button", { name: "Export CSV" }).click();
    const file = await (await download).path();
    const lines = readFileSync(file, "utf8").replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toBe(LEDGER_CSV_COLUMNS.join(","));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",emulated-openai,gpt-6-luna,connection_test,");

    await openFromNav("/?locale=fr", "Utilisation");
    await expect.poll(() => app.getByText("Dépense par jour et par service (UTC)").count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => app.locator('[data-testid="usage-spend-chart"] .recharts-bar-rectangle path').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await app.getByText("Test de connexion", { exact: true }).count()).toBe(1);
    await screenshot(page, "usage-fr");
    const frenchFlow = (await app.locator('[data-data-flow="emulated-openai"]').textContent()) ?? "";
    expect(frenchFlow).toContain("OpenAI (émulé)Principal");
    expect(frenchFlow).toContain("Utilisé pour entraîner des modèles (conditions de l’API)Non");
    expect(frenchFlow).toContain("Jusqu’à 30 jours, pour la détection des abus");
    expect(frenchFlow).toMatch(/Conditions du fournisseur \(vérifiées le 1 décembre 2026\)/);
    expect(await app.getByRole("heading", { name: "Où vont vos données" }).count()).toBe(1);
    await app.locator('[data-data-flow="emulated-openai"]').scrollIntoViewIfNeeded();
    await screenshot(page, "sovereignty-usage-fr");
    expect(errors).toEqual([]);
  });
});
