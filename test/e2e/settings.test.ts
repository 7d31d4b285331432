import type { FrameLocator, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningDemo } from "../../scripts/demo/server";
import { findChromium, openDemoInChromium, screenshot } from "../support/browser";

/** Matches the response to one Settings form post, by its intent. */
const settingsPost = (intent: string) => (response: Response) =>
  response.request().method() === "POST" &&
  new URL(response.url()).pathname.startsWith("/app/settings") &&
  (response.request().postData() ?? "").includes(`intent=${intent}`);

const chromium = findChromium();
if ("unavailable" in chromium) console.log(`SKIP browser tests: ${chromium.unavailable}`);

/**
 * Issue "model backends", tried as a merchant would in the demo: switch
 * backend, paste a key, test the connection, set a fallback, turn on EU-only,
 * each persisted across a reload.
 */
describe.skipIf("unavailable" in chromium)("model settings in the demo", () => {
  let demo: RunningDemo;
  let page: Page;
  let app: FrameLocator;
  let errors: string[];

  let session: Awaited<ReturnType<typeof openDemoInChromium>> | undefined;

  beforeAll(async () => {
    if ("unavailable" in chromium) return;
    session = await openDemoInChromium(chromium.executablePath, { name: "settings", products: 20 });
    ({ demo, page, errors } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  async function openSettings() {
    await page.goto(`${demo.url}/`);
    await expect.poll(() => page.locator("#app-nav a").count(), { timeout: 20_000 }).toBe(6);
    await page.locator("#app-nav a", { hasText: "Settings" }).click();
    app = page.frameLocator("#app-frame");
    await expect.poll(() => app.getByLabel("Backend").count(), { timeout: 20_000 }).toBe(1);
  }

  it("switches to an emulated backend, stores a key, and tests the connection", async () => {
    await openSettings();
    await app.getByLabel("Backend").selectOption("emulated-openai");
    await app.getByLabel("Model", { exact: true }).fill("gpt-6-luna");
    await app.getByRole("button", { name: "Use this backend" }).click();
    await expect.poll(() => page.locator(".toast").allTextContents()).toContain("Settings saved");

    await app.getByLabel("API key").fill("sk-emulated-openai");
    await app.getByRole("button", { name: "Save connection" }).click();
    await expect.poll(() => app.getByText("A key ending in enai is stored, encrypted.", { exact: false }).count()).toBe(1);

    await app.getByRole("button", { name: "Test connection" }).click();
    await expect.poll(() => app.getByText(/Connected: the model answered in \d+ ms\./).count(), { timeout: 20_000 }).toBe(1);
    await screenshot(page, "settings-connected");
  });

  it("reports a bad key clearly", async () => {
    await app.getByLabel("API key").fill("sk-wrong-0000");
    await app.getByRole("button", { name: "Save connection" }).click();
    await expect.poll(() => app.getByText("A key ending in 0000 is stored", { exact: false }).count()).toBe(1);
    // The key never comes back to the browser: not in the page, not in the field.
    expect(await app.locator("html").innerHTML()).not.toContain("sk-wrong-0000");
    expect(await app.getByLabel("API key").inputValue()).toBe("");
    await app.getByRole("button", { name: "Test connection" }).click();
    await expect.poll(() => app.getByText("The provider refused the API key.", { exact: false }).count(), { timeout: 20_000 }).toBe(1);
    await app.getByLabel("API key").fill("sk-emulated-openai");
    await app.getByRole("button", { name: "Save connection" }).click();
    await expect.poll(() => app.getByText("A key ending in enai is stored", { exact: false }).count()).toBe(1);
  });

  it("sets a fallback, refuses EU-only while the primary is US-hosted, then allows it with an EU primary", async () => {
    await app.getByLabel("Add fallback", { exact: true }).selectOption("emulated-mistral");
    await app.getByRole("button", { name: "Add fallback" }).click();
    await app.getByRole("button", { name: "Save fallback chain" }).click();
    await expect.poll(() => app.getByText("1. Mistral AI (emulated)", { exact: false }).count()).toBe(1);

    await app.getByLabel("EU / self-hosted only").check();
    await expect.poll(() => app.getByText("is not EU / self-hosted", { exact: false }).count()).toBe(1);

    await app.getByLabel("Backend").selectOption("emulated-mistral");
    await app.getByRole("button", { name: "Use this backend" }).click();
    await expect.poll(() => app.getByLabel("Backend").inputValue()).toBe("emulated-mistral");
    await app.getByRole("button", { name: "Remove" }).click();
    // "No fallback" shows as soon as the row is removed, before the save answers: wait for
    // each save's own response (by its intent), or the reload below can cut the last one off.
    const fallbacksSaved = page.waitForResponse(settingsPost("save-fallbacks"));
    await app.getByRole("button", { name: "Save fallback chain" }).click();
    expect((await fallbacksSaved).status()).toBe(200);
    await expect.poll(() => app.getByText("No fallback", { exact: false }).count()).toBe(1);
    const saved = page.waitForResponse(settingsPost("save-residency"));
    await app.getByLabel("EU / self-hosted only").check();
    expect((await saved).status()).toBe(200);

    // Persisted: a fresh load shows the same choices, and US backends are no longer offered.
    await openSettings();
    expect(await app.getByLabel("Backend").inputValue()).toBe("emulated-mistral");
    expect(await app.getByLabel("EU / self-hosted only").isChecked()).toBe(true);
    const offered = await app.getByLabel("Backend").locator("option").allTextContents();
    expect(offered.filter((label) => /^(OpenAI|Anthropic|Google Gemini|Groq|OpenRouter)/.test(label))).toEqual([]);
    expect(offered.some((label) => label.includes("Mistral AI (emulated)"))).toBe(true);
    await screenshot(page, "settings-eu-only");
    expect(errors).toEqual([]);
  });
});
