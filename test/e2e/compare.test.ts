import { mkdirSync } from "node:fs";
import path from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningDemo } from "../../scripts/demo/server";
import { findChromium, openDemoInChromium, screenshot } from "../support/browser";

const chromium = findChromium();
if ("unavailable" in chromium) console.log(`SKIP browser tests: ${chromium.unavailable}`);

/** Screenshots of this journey, to look at (no raw keys, no overflow, no raw error codes). */
const SHOTS = process.env.PLUME_COMPARE_SHOTS ?? "/tmp/shots-compare";

/**
 * Issue 13, "Compare", tried in the demo as a new merchant would: keys for emulated OpenAI and
 * Mistral in Settings, then Compare from the menu: OpenAI, Mistral, Ollama and Templates on a
 * random sample of 5 products, the estimate, the run (in the background, the page follows it),
 * votes, and the winner made the default — in English, then the same comparison in French.
 */
describe.skipIf("unavailable" in chromium)("compare models in the demo", () => {
  let demo: RunningDemo;
  let page: Page;
  let app: FrameLocator;
  let errors: string[];
  let session: Awaited<ReturnType<typeof openDemoInChromium>> | undefined;

  beforeAll(async () => {
    if ("unavailable" in chromium) return;
    mkdirSync(SHOTS, { recursive: true });
    // The emulated models answer in about half a second, so the page is seen following a run.
    session = await openDemoInChromium(chromium.executablePath, { name: "compare", products: 5, viewport: { width: 1440, height: 2200 }, providerLatencyMs: 500 });
    ({ demo, page, errors } = session);
    app = page.frameLocator("#app-frame");
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  async function shot(name: string) {
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    await screenshot(page, `compare-${name}`);
  }

  async function openFromNav(start: string, link: string) {
    await page.goto(`${demo.url}${start}`);
    await expect.poll(() => page.locator("#app-nav a").count(), { timeout: 20_000 }).toBe(6);
    await page.locator("#app-nav a", { hasText: link }).click();
  }

  async function connect(backendId: string, modelId: string, key: string, ending: string) {
    await app.getByLabel("Backend").selectOption(backendId);
    await app.getByLabel("Model", { exact: true }).fill(modelId);
    await app.getByRole("button", { name: "Use this backend" }).click();
    await expect.poll(() => page.locator(".toast").allTextContents()).toContain("Settings saved");
    await app.getByLabel("API key").fill(key);
    await app.getByRole("button", { name: "Save connection" }).click();
    await expect.poll(() => app.getByText(`A key ending in ${ending} is stored, encrypted.`, { exact: false }).count()).toBe(1);
  }

  it("has the products indexed and keys for the emulated hosted backends", async () => {
    await openFromNav("/", "Products");
    await expect.poll(() => app.locator("table tbody tr").count(), { timeout: 60_000 }).toBe(5);
    await openFromNav("/", "Settings");
    await expect.poll(() => app.getByLabel("Backend").count(), { timeout: 20_000 }).toBe(1);
    await connect("emulated-openai", "gpt-6-luna", "sk-emulated-openai", "enai");
    await connect("emulated-mistral", "mistral-small-latest", "mistral-emulated-key", "-key");
  });

  let comparisonPath = "";

  it("compares OpenAI, Mistral, Ollama and Templates on 5 products, after an estimate", async () => {
    await openFromNav("/", "Compare");
    await expect.poll(() => app.getByText("Estimate first", { exact: false }).count(), { timeout: 20_000 }).toBe(1);
    const pick = async (index: number, backendId: string, modelId: string) => {
      await app.getByLabel(`Backend ${index}`, { exact: true }).selectOption(backendId);
      await app.getByLabel(`Model ${index}`, { exact: true }).fill(modelId);
    };
    await pick(1, "emulated-openai", "gpt-6-luna");
    await pick(2, "emulated-mistral", "mistral-small-latest");
    await app.getByRole("button", { name: "Add a model" }).click();
    await pick(3, "emulated-ollama", "llama3.2:latest");
    await app.getByRole("button", { name: "Add a model" }).click();
    await pick(4, "templates", "default");
    expect(await app.getByRole("button", { name: "Add a model" }).isDisabled()).toBe(true);
    await app.getByLabel("How many products (1 to 20)").fill("5");
    await app.getByRole("button", { name: "Estimate", exact: true }).click();
    await expect.poll(() => app.getByText("On 5 products:").count(), { timeout: 30_000 }).toBe(1);
    // priced OpenAI shows a cost; Mistral's alias has no price and says so rather than a made-up figure
    expect(await app.locator("#compare-estimate").textContent()).toContain("Unknown (no price)");
    await shot("start-en");

    await app.getByRole("button", { name: "Run comparison" }).click();
    await expect.poll(() => page.frames().find((frame) => frame.name() === "app-iframe")?.url() ?? "", { timeout: 20_000 }).toMatch(/\/app\/compare\/[A-Za-z0-9_-]+/);
    comparisonPath = new URL(page.frames().find((frame) => frame.name() === "app-iframe")!.url()).pathname;
    // the run happens in the background: the page follows it until every column has all 5 products
    await expect.poll(() => app.getByText("The models are writing").count(), { timeout: 60_000 }).toBe(0);
    const summary = app.locator("[data-compare-column]");
    expect(await summary.count()).toBe(4);
    for (let column = 0; column < 4; column += 1) {
      await expect.poll(() => app.locator(`[data-compare-column="${column}"]`).textContent()).toMatch(/Products done\s*5/);
    }
    expect(await app.locator("[data-compare-error]").count()).toBe(0);
    await shot("result-en");
  }, 120_000);

  it("votes winners and makes the winner the default in one click", async () => {
    const openai = app.locator('[data-compare-column="0"]');
    const votes = app.getByRole("button", { name: /^Pick .*OpenAI.* for SEO title$/ });
    await expect.poll(() => votes.count()).toBe(5);
    await votes.nth(0).click();
    await expect.poll(() => openai.textContent(), { timeout: 20_000 }).toContain("1 win");
    await app.getByRole("button", { name: /^Pick .*OpenAI.* for Meta description$/ }).nth(1).click();
    await expect.poll(() => openai.textContent(), { timeout: 20_000 }).toContain("2 wins");
    await app.getByRole("button", { name: /^Pick .*Templates.* for SEO title$/ }).nth(2).click();
    await expect.poll(() => app.locator('[data-compare-column="3"]').textContent(), { timeout: 20_000 }).toContain("1 win");

    await openai.getByRole("button", { name: "Use as default" }).click();
    await expect.poll(() => app.getByText("Saved: new generations use this model by default.").count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => openai.textContent(), { timeout: 20_000 }).toContain("Default");
    expect(await openai.getByRole("button", { name: "Use as default" }).isDisabled()).toBe(true);
    await shot("voted-en");

    // "Apply this one" writes through the apply path (revisions, revertable from the product page)
    await app.getByRole("button", { name: "Apply this one" }).first().click();
    await expect.poll(() => app.getByText(/^Written: \d+ · left as they were: \d+ · failed: 0\./).count(), { timeout: 20_000 }).toBe(1);

    // Settings agree: the shop's default is now the winner
    await openFromNav("/", "Settings");
    await expect.poll(() => app.getByLabel("Backend").inputValue(), { timeout: 20_000 }).toBe("emulated-openai");
    expect(await app.getByLabel("Model", { exact: true }).inputValue()).toBe("gpt-6-luna");
  });

  it("opens from a product page with that product picked", async () => {
    await openFromNav("/", "Products");
    await expect.poll(() => app.locator("table tbody tr").count(), { timeout: 30_000 }).toBe(5);
    await app.locator("table tbody tr").first().locator("td").nth(2).click();
    // the product page says what its comparison calls cost (the compare calls are the product's calls too)
    const cost = app.locator("[data-product-cost]");
    await expect.poll(() => cost.locator("#product-cost-total").textContent(), { timeout: 20_000 }).toMatch(/^\$0\.\d+ in total, \d+ model calls$/);
    await cost.scrollIntoViewIfNeeded();
    await shot("product-cost-en");
    await app.getByRole("button", { name: "Compare models" }).or(app.getByRole("link", { name: "Compare models" })).first().click();
    await expect.poll(() => app.getByText("Products you pick (1)").count(), { timeout: 20_000 }).toBe(1);
    expect(await app.getByLabel("Products you pick (1)").isChecked()).toBe(true);
    await app.getByRole("button", { name: "Estimate", exact: true }).click();
    await expect.poll(() => app.getByText("On 1 product:").count(), { timeout: 30_000 }).toBe(1);
    await shot("from-product-en");
  });

  it("picks 2 products by searching the catalog, and removes one", async () => {
    await openFromNav("/", "Compare");
    await expect.poll(() => app.getByText("Estimate first", { exact: false }).count(), { timeout: 20_000 }).toBe(1);
    await app.getByLabel("Products you pick (0)").check({ force: true });
    const results = app.locator("#compare-search-results");
    // before any search, the catalog's first page: all 5 demo products
    await expect.poll(() => results.getByRole("button", { name: /^Add / }).count(), { timeout: 20_000 }).toBe(5);
    expect(await results.textContent()).toContain("5 products match");
    const labels = await Promise.all((await results.getByRole("button", { name: /^Add / }).all()).map((button) => button.getAttribute("aria-label")));
    const titles = labels.map((label) => (label ?? "").replace(/^Add /, ""));
    const [first, second] = titles as [string, string];
    // a word of the second product's title finds it (whatever its case)
    const word = second.split(/\s+/).find((part) => part.length >= 4) ?? second;
    await app.getByLabel("Search the catalog").fill(word.toUpperCase());
    await expect.poll(() => results.getByRole("button", { name: /^Add / }).count(), { timeout: 20_000 }).toBeLessThan(5);
    expect(await results.getByRole("button", { name: `Add ${second}` }).count()).toBe(1);
    await results.getByRole("button", { name: `Add ${second}` }).click();
    await expect.poll(() => results.getByRole("button", { name: `${second} is already added` }).isDisabled()).toBe(true);
    await app.getByLabel("Search the catalog").fill("");
    await expect.poll(() => results.getByRole("button", { name: `Add ${first}` }).count(), { timeout: 20_000 }).toBe(1);
    await results.getByRole("button", { name: `Add ${first}` }).click();
    const picked = app.locator("#compare-picked");
    await expect.poll(() => picked.getByRole("button", { name: /^Remove / }).count()).toBe(2);
    expect(await app.getByLabel("Products you pick (2)").isChecked()).toBe(true);
    expect(await app.getByText("2 of 20 products picked.").count()).toBe(1);
    await app.getByRole("button", { name: "Estimate", exact: true }).click();
    await expect.poll(() => app.getByText("On 2 products:").count(), { timeout: 30_000 }).toBe(1);
    expect(await app.locator("#compare-estimate").textContent()).toContain(first);
    expect(await app.locator("#compare-estimate").textContent()).toContain(second);
    await shot("picker-en");
    // removed, it leaves the selection and can be added again
    await picked.getByRole("button", { name: `Remove ${first}` }).click();
    await expect.poll(() => picked.getByRole("button", { name: /^Remove / }).count()).toBe(1);
    expect(await results.getByRole("button", { name: `Add ${first}` }).isDisabled()).toBe(false);
    expect(await app.getByText("The choices changed since this estimate", { exact: false }).count()).toBe(1);
  });

  it("opens with the 2 products selected on the Products page", async () => {
    await openFromNav("/", "Products");
    await expect.poll(() => app.locator("table tbody tr").count(), { timeout: 30_000 }).toBe(5);
    const rows = app.locator("table tbody tr");
    const chosen = [((await rows.nth(1).locator("td").nth(2).textContent()) ?? "").trim(), ((await rows.nth(3).locator("td").nth(2).textContent()) ?? "").trim()];
    await rows.nth(1).locator("input[type='checkbox']").check({ force: true });
    await rows.nth(3).locator("input[type='checkbox']").check({ force: true });
    await app.getByRole("button", { name: "Compare models" }).click();
    await expect.poll(() => page.frames().find((frame) => frame.name() === "app-iframe")?.url() ?? "", { timeout: 20_000 }).toMatch(/\/app\/compare\?ids=\d+%2C\d+/);
    await expect.poll(() => app.getByText("Products you pick (2)").count(), { timeout: 20_000 }).toBe(1);
    expect(await app.getByLabel("Products you pick (2)").isChecked()).toBe(true);
    const picked = (await app.locator("#compare-picked").textContent()) ?? "";
    for (const title of chosen) expect(picked).toContain(title);
    await app.getByRole("button", { name: "Estimate", exact: true }).click();
    await expect.poll(() => app.getByText("On 2 products:").count(), { timeout: 30_000 }).toBe(1);
    await shot("from-products-en");
  });

  it("shows the comparison's spend on Usage, by day and backend, with where the data goes", async () => {
    await openFromNav("/", "Usage");
    const chart = app.locator('[data-testid="usage-spend-chart"]');
    await expect.poll(() => chart.locator(".recharts-bar-rectangle path").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const legend = await chart.locator(".recharts-legend-item-text").allTextContents();
    expect([...legend].sort()).toEqual(["Mistral AI (emulated)", "Ollama (emulated)", "OpenAI (emulated)", "Templates (offline)"]);
    expect(await app.getByText("Comparison", { exact: true }).count()).toBeGreaterThan(0);
    // the first days of a month are not projected to its end from one day's pace
    const projected = (await app.getByRole("heading", { name: "Projected month-end spend" }).locator("xpath=..").textContent()) ?? "";
    expect(projected).toMatch(/Too early to tell|At the pace of the first \d+ days/);
    await shot("usage-en");
    await app.locator("[data-data-flow]").first().scrollIntoViewIfNeeded();
    await shot("sovereignty-en");
  });

  it("keeps the comparison in the history, and reads in French", async () => {
    await openFromNav("/?locale=fr", "Comparer");
    await expect.poll(() => app.getByText("Comparaisons précédentes").count(), { timeout: 20_000 }).toBe(1);
    await shot("start-fr");
    await app.getByRole("link", { name: "Ouvrir" }).first().click();
    await expect.poll(() => app.getByText("Bilan par modèle").count(), { timeout: 20_000 }).toBe(1);
    expect(page.frames().find((frame) => frame.name() === "app-iframe")?.url()).toContain(comparisonPath);
    await expect.poll(() => app.locator('[data-compare-column="0"]').textContent()).toContain("2 victoires");
    expect(await app.locator('[data-compare-column="0"]').textContent()).toContain("Par défaut");
    await shot("result-fr");
    await openFromNav("/?locale=fr", "Comparer");
    await expect.poll(() => app.getByText("Comparaisons précédentes").count(), { timeout: 20_000 }).toBe(1);
    await app.getByLabel("Produits à choisir (0)").check({ force: true });
    await expect.poll(() => app.locator("#compare-search-results").getByRole("button", { name: /^Ajouter / }).count(), { timeout: 20_000 }).toBe(5);
    await app.locator("#compare-search-results").getByRole("button", { name: /^Ajouter / }).first().click();
    await expect.poll(() => app.getByText("1 produit choisi sur 20.").count()).toBe(1);
    await shot("picker-fr");
    await openFromNav("/?locale=fr", "Utilisation");
    await expect.poll(() => app.locator('[data-testid="usage-spend-chart"] .recharts-bar-rectangle path').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await shot("usage-fr");
    await app.locator("[data-data-flow]").first().scrollIntoViewIfNeeded();
    await shot("sovereignty-fr");
    await openFromNav("/?locale=fr", "Comparer");
    await expect.poll(() => app.getByText("Comparaisons précédentes").count(), { timeout: 20_000 }).toBe(1);
    await app.getByRole("link", { name: "Ouvrir" }).first().click();
    await expect.poll(() => app.getByText("Bilan par modèle").count(), { timeout: 20_000 }).toBe(1);

    // deleted, it leaves the history
    await app.getByRole("button", { name: "Supprimer la comparaison" }).click();
    await expect.poll(() => app.getByText("Aucune comparaison pour l’instant.").count(), { timeout: 20_000 }).toBe(1);
    expect(errors).toEqual([]);
  });
});
