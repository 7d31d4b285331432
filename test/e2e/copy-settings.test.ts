import type { FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningDemo } from "../../scripts/demo/server";
import { findChromium, openDemoInChromium, screenshot } from "../support/browser";

const chromium = findChromium();
if ("unavailable" in chromium) console.log(`SKIP browser tests: ${chromium.unavailable}`);

/**
 * Settings → Copy, tried as a merchant would in the demo: change the tone,
 * ban a word, stop generating a field, edit the English SEO title template
 * while the live preview follows, save, reload and find it all again; a
 * template that does not parse is flagged and not saved.
 */
describe.skipIf("unavailable" in chromium)("copy settings in the demo", () => {
  let demo: RunningDemo;
  let page: Page;
  let app: FrameLocator;
  let errors: string[];

  let session: Awaited<ReturnType<typeof openDemoInChromium>> | undefined;

  beforeAll(async () => {
    if ("unavailable" in chromium) return;
    session = await openDemoInChromium(chromium.executablePath, { name: "copy-settings", products: 20 });
    ({ demo, page, errors } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  /** Toasts shown since the page loaded (the frame removes each one after a few seconds). */
  const toasts = () => page.evaluate(() => (window as unknown as { plumeToasts: string[] }).plumeToasts);

  /** Loads the admin frame, opens Settings from its sidebar, then Copy the way App Bridge navigates. */
  async function openCopySettings() {
    await page.goto(`${demo.url}/`);
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { plumeToasts: string[] }).plumeToasts = seen;
      const list = document.getElementById("toasts");
      if (!list) throw new Error("the demo frame has no toast list");
      new MutationObserver((records) => {
        for (const record of records) for (const node of record.addedNodes) seen.push(node.textContent ?? "");
      }).observe(list, { childList: true });
    });
    await expect.poll(() => page.locator("#app-nav a").count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
    await page.locator("#app-nav a", { hasText: "Settings" }).click();
    app = page.frameLocator("#app-frame");
    await expect.poll(() => app.getByLabel("Backend").count(), { timeout: 20_000 }).toBe(1);
    await page.evaluate(() => {
      const frame = document.getElementById("app-frame") as HTMLIFrameElement;
      frame.contentWindow?.postMessage({ source: "plume-frame", type: "navigate", href: "/app/settings/copy" }, location.origin);
    });
    await expect.poll(() => app.getByLabel("Tone").count(), { timeout: 20_000 }).toBe(1);
    // The preview renders once the page is hydrated.
    await expect.poll(() => app.locator("#copy-preview-seoTitle").textContent(), { timeout: 20_000 }).not.toBe("");
  }

  /** The page's one contextual save bar: Save sends every edited section in one action. */
  async function saveAllAndExpectToast() {
    const before = (await toasts()).length;
    await expect.poll(() => page.locator("#save-bar.visible").count()).toBe(1);
    await page.locator("#save-bar button[data-action=save]").click();
    await expect.poll(async () => (await toasts()).slice(before)).toEqual(["Copy settings saved"]);
    await expect.poll(() => page.locator("#save-bar.visible").count()).toBe(0);
  }

  it("edits the tone, a banned word, the fields and the English SEO title (live preview), then saves them all with the page's one save bar", async () => {
    await openCopySettings();
    expect(await app.getByRole("heading", { name: "Copy settings" }).count()).toBe(1);
    // No Save button per section: the page has one contextual save bar.
    expect(await app.getByRole("button", { name: /^Save / }).count()).toBe(0);
    // Product types come from the shop (productTypes), so there is no fallback note.
    expect(await app.locator("#product-types-sample-note").count()).toBe(0);

    await app.getByLabel("Tone").selectOption("premium");
    await expect.poll(() => app.getByText("Refined and confident", { exact: false }).count()).toBe(1);

    await app.getByLabel("Banned words").fill("flimsy");
    await app.getByLabel("Banned words").press("Enter");
    await expect.poll(() => app.getByText("flimsy", { exact: true }).count()).toBe(1);
    expect(await app.getByLabel("Banned words").inputValue()).toBe("");

    await app.getByLabel("Image alt text").uncheck();

    const preview = app.locator("#copy-preview-seoTitle");
    const product = await app.getByLabel("Preview with").locator("option:checked").textContent();
    expect(product).toBeTruthy();
    const before = await preview.textContent();
    expect(before).toContain(`${product} | `);
    await app.getByLabel("SEO title template").fill("{{title}} – handmade by {{vendor}}");
    await expect.poll(() => preview.textContent()).toContain(`${product} – handmade by `);
    expect(await preview.textContent()).not.toBe(before);
    await screenshot(page, "copy-settings-save-bar");
    await saveAllAndExpectToast();
    await expect.poll(() => app.getByText("Your templates", { exact: true }).count()).toBe(1);
  });

  it("finds every change again after a reload", async () => {
    await openCopySettings();
    expect(await app.getByLabel("Tone").inputValue()).toBe("premium");
    expect(await app.getByText("flimsy", { exact: true }).count()).toBe(1);
    expect(await app.getByLabel("Image alt text").isChecked()).toBe(false);
    expect(await app.getByLabel("SEO title template").inputValue()).toBe("{{title}} – handmade by {{vendor}}");
    expect(await app.locator("#copy-preview-seoTitle").textContent()).toContain("– handmade by ");
    await app.getByText("Live preview").scrollIntoViewIfNeeded();
    await screenshot(page, "copy-settings");
  });

  it("flags a template that does not parse and does not save it", async () => {
    const template = app.getByLabel("SEO title template");
    await template.fill("{{#title}}unclosed");
    await expect.poll(() => app.getByText("This template does not parse", { exact: false }).count()).toBeGreaterThan(0);
    await expect.poll(() => app.locator("#copy-preview-seoTitle").textContent()).toContain("This template cannot be read");
    // Another section edited in the same save, with a value out of range: each error at its field, nothing saved.
    await app.getByLabel("Description length", { exact: true }).fill("5");
    await app.getByLabel("Brand voice", { exact: true }).fill("Not saved either.");
    await page.locator("#save-bar button[data-action=save]").click();
    await expect.poll(() => app.getByText("Not saved: correct the templates marked above.").count()).toBe(1);
    await expect.poll(() => app.locator("#copy-settings-not-saved").count()).toBe(1);
    await expect.poll(() => app.getByText("Enter a number from 30 to 600.", { exact: false }).count()).toBeGreaterThan(0);
    await template.scrollIntoViewIfNeeded();
    await screenshot(page, "copy-settings-template-error");

    await openCopySettings();
    expect(await app.getByLabel("SEO title template").inputValue()).toBe("{{title}} – handmade by {{vendor}}");
    expect(await app.getByLabel("Brand voice", { exact: true }).inputValue()).not.toBe("Not saved either.");
    expect(errors).toEqual([]);
  });

  it("shows the contextual save bar for unsaved changes: Discard restores, Save persists", async () => {
    await openCopySettings();
    const voice = app.getByLabel("Brand voice", { exact: true });
    const saved = await voice.inputValue();
    await voice.fill("Warm, honest and brief.");
    await expect.poll(() => page.locator("#save-bar.visible").count()).toBe(1);
    await page.locator("#save-bar button[data-action=discard]").click();
    await expect.poll(() => voice.inputValue()).toBe(saved);
    await expect.poll(() => page.locator("#save-bar.visible").count()).toBe(0);

    await voice.fill("Warm, honest and brief.");
    await expect.poll(() => page.locator("#save-bar.visible").count()).toBe(1);
    await page.locator("#save-bar button[data-action=save]").click();
    await expect.poll(() => page.locator("#save-bar.visible").count()).toBe(0);
    await openCopySettings();
    expect(await app.getByLabel("Brand voice", { exact: true }).inputValue()).toBe("Warm, honest and brief.");
    expect(errors).toEqual([]);
  });
});
