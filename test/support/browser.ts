import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Frame, type Page } from "playwright-core";

const CANDIDATES = [process.env.PLUME_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];

/** The machine's Chromium (Debian's package), or the reason there is none. */
export function findChromium(): { executablePath: string } | { unavailable: string } {
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  return found
    ? { executablePath: found }
    : { unavailable: `no Chromium at ${CANDIDATES.join(" or ")} (install Debian's chromium package; .ci/run does)` };
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  // Playwright gives each launch a fresh temporary profile of its own.
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Headless Chromium announces itself as "HeadlessChrome", which Shopify's
 * library rightly turns away as a bot (410); browser tests present as the
 * desktop Chrome a merchant uses.
 */
export const DESKTOP_CHROME_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

/**
 * The demo's product images are cdn.shopify.com addresses (as on a real shop), which these
 * machines cannot reach: each would log "Failed to load resource" and fail the tests'
 * no-console-error checks. Answer them with bytes that are not an image, so the page still
 * takes its "image did not load" path, without a network error.
 */
export async function answerShopifyCdnOffline(page: Page): Promise<void> {
  await page.route("https://cdn.shopify.com/s/files/**", (route) => route.fulfill({ status: 200, contentType: "image/jpeg", body: "offline stand-in, not an image" }));
}

/**
 * Starts summing layout shifts (CLS, shifts not marked as following input) in a frame; the
 * returned function reads the sum so far. Built for Shopify asks ≤ 0.1; we aim ≤ 0.05.
 */
export async function startLayoutShiftMeter(frame: Frame): Promise<() => Promise<number>> {
  await frame.evaluate(() => {
    const state = window as unknown as { plumeCls: number };
    state.plumeCls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
        if (!entry.hadRecentInput) state.plumeCls += entry.value;
      }
    }).observe({ type: "layout-shift" });
  });
  return () => frame.evaluate(() => (window as unknown as { plumeCls: number }).plumeCls);
}

export const ARTIFACTS = path.resolve(import.meta.dirname, "../../test-artifacts");

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Console errors and uncaught exceptions from the page and every frame in it. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

/**
 * One demo (fresh database, seeded emulators, production build) and one
 * Chromium page for a browser test file, with console errors collected.
 */
export async function openDemoInChromium(
  executablePath: string,
  options: { name: string; products: number; viewport?: { width: number; height: number }; providerLatencyMs?: number },
) {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const { startDemo } = await import("../../scripts/demo/server");
  const databaseUrl = `file:${path.join(mkdtempSync(path.join(tmpdir(), `plume-e2e-${options.name}-`)), "demo.sqlite")}`;
  const demo = await startDemo({ port: 0, databaseUrl, products: options.products, providerLatencyMs: options.providerLatencyMs ?? 0 });
  const browser = await launchChromium(executablePath);
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 1000 }, userAgent: DESKTOP_CHROME_USER_AGENT });
  await answerShopifyCdnOffline(page);
  const errors = collectPageErrors(page);
  return {
    demo,
    browser,
    page,
    errors,
    async close() {
      await browser.close();
      await demo.close();
    },
  };
}
