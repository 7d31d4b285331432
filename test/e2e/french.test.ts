import type { FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import en from "~/i18n/locales/en.json";
import fr from "~/i18n/locales/fr.json";
import priceTable from "~/models/price-table.json";
import { generateCatalog } from "../../emulator/admin/seed/generate-catalog";
import { DEMO_SHOP } from "../../scripts/demo/config";
import type { RunningDemo } from "../../scripts/demo/server";
import { findChromium, openDemoInChromium, screenshot } from "../support/browser";

const chromium = findChromium();
if ("unavailable" in chromium) console.log(`SKIP browser tests: ${chromium.unavailable}`);
const PRODUCTS = 30;

/** Words and phrases that must never show in the French UI, whatever the catalogues say. */
const KNOWN_ENGLISH = [
  "Save",
  "Cancel",
  "Discard",
  "Settings",
  "Products",
  "Product",
  "Generate",
  "Written",
  "Missing",
  "Home",
  "Jobs",
  "Back",
  "Search",
  "Loading",
  "Apply",
  "Revert",
  "Preview",
  "Templates",
  "offline",
  "self-hosted",
  "emulated",
  "Emulated",
  "Create a key",
  "paste the key",
  "no key needed",
  "models",
  "through",
  "hosted",
  "your own",
  "Unclosed",
  "Unopened",
  "the",
  "and",
  "with",
  "of",
];

/** Brand names and model ids stay as they are in every language. */
const KEPT_AS_IS = [
  "Plume",
  "Shopify",
  "OpenAI",
  "Anthropic",
  "Claude",
  "Google",
  "Gemini",
  "Mistral",
  "Ollama",
  "vLLM",
  "LM Studio",
  "llama.cpp",
  "Scaleway",
  "OVHcloud",
  "OpenRouter",
  "Groq",
  "GPT",
];

function flatten(tree: unknown, prefix = ""): Array<[string, string]> {
  if (typeof tree !== "object" || tree === null) return [[prefix, String(tree)]];
  return Object.entries(tree).flatMap(([key, value]) => flatten(value, prefix ? `${prefix}.${key}` : key));
}

/** English catalogue phrases whose French differs, split at interpolations; short fragments dropped. */
function englishPhrases(): string[] {
  const french = new Map(flatten(fr));
  const phrases = new Set<string>();
  for (const [key, english] of flatten(en)) {
    if (french.get(key) === english) continue;
    for (const fragment of english.split(/\{\{[^}]*\}\}|<[^>]+>/)) {
      const text = fragment.replace(/\s+/g, " ").trim().replace(/^[,.:;·–—-]\s*|\s*[,.:;·–—(-]$/g, "").trim();
      // A single word is checked only when it is the whole catalogue value (a label, a button).
      const words = text.split(" ").filter(Boolean);
      if (words.length >= 2 || (words.length === 1 && text === english.trim() && text.length >= 3)) phrases.add(text);
    }
  }
  return [...phrases];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const wholePhrase = (phrase: string) => new RegExp(`(^|[^\\p{L}\\p{N}_])${escape(phrase)}($|[^\\p{L}\\p{N}_])`, "u");

describe.skipIf("unavailable" in chromium)("the French UI has no English left", () => {
  let demo: RunningDemo;
  let page: Page;
  let app: FrameLocator;
  let session: Awaited<ReturnType<typeof openDemoInChromium>> | undefined;
  const catalog = generateCatalog({ products: PRODUCTS, seed: DEMO_SHOP.seed, shopDomain: DEMO_SHOP.domain });
  /** Everything the seeded catalog says about its products: shown as is, in whatever language the shop wrote it. */
  const productData = catalog.products
    .flatMap((product) => [
      product.title,
      product.vendor,
      product.productType,
      ...product.tags,
      product.seo.title ?? "",
      product.seo.description ?? "",
      product.descriptionHtml.replace(/<[^>]+>/g, " "),
      ...product.options.flatMap((option) => [option.name, ...option.values]),
      ...product.variants.map((variant) => variant.title),
      ...product.media.map((media) => media.alt ?? ""),
      product.category?.name ?? "",
    ])
    .join("\n")
    .replace(/\s+/g, " ");
  /** Model ids from the price table ("openai:gpt-…" keys) and the demo's emulated models. */
  const modelIds = new Set([
    ...Object.keys((priceTable as unknown as { prices: Record<string, unknown> }).prices).map((key) => key.slice(key.indexOf(":") + 1)),
    "llama3.2:latest",
    "qwen2.5:7b",
    "meta-llama/Llama-3.3-70B-Instruct",
    "qwen2.5-7b-instruct",
    // The emulators' keys, shown in the demo's set-up hints.
    "sk-emulated-openai",
    "sk-ant-emulated",
    "gemini-emulated-key",
    "mistral-emulated-key",
    "compatible-emulated-key",
  ]);

  const phrases = englishPhrases().map((phrase) => ({ phrase, pattern: wholePhrase(phrase) }));
  const known = KNOWN_ENGLISH.map((phrase) => ({ phrase, pattern: wholePhrase(phrase) }));

  beforeAll(async () => {
    if ("unavailable" in chromium) return;
    session = await openDemoInChromium(chromium.executablePath, { name: "french", products: PRODUCTS, viewport: { width: 1280, height: 1100 } });
    ({ demo, page } = session);
    app = page.frameLocator("#app-frame");
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  /** Visible text nodes of the app frame, the frame's navigation, and the placeholders and options of its fields. */
  async function visibleTexts(): Promise<string[]> {
    const frame = page.frames().find((candidate) => candidate.name() === "app-iframe");
    if (!frame) throw new Error("no app frame");
    const collect = () => {
      const texts: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        const text = (node.textContent ?? "").replace(/\s+/g, " ").trim();
        if (!parent || !text || parent.closest("script, style, noscript, template")) continue;
        // Proposed copy and search-result previews are the shop's text in the product's language.
        if (parent.closest("[data-product-copy], [data-search-preview]")) continue;
        const inSelect = parent.closest("select");
        if (!inSelect && !parent.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
        texts.push(text);
      }
      for (const field of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input[placeholder], textarea[placeholder]")) {
        if (field.placeholder.trim()) texts.push(field.placeholder.trim());
      }
      return texts;
    };
    const inFrame = await frame.evaluate(collect);
    const nav = await page.locator("#app-nav a").allTextContents();
    // The admin's contextual save bar, while the app has it open.
    const saveBar = await page.locator("#save-bar.visible span, #save-bar.visible button").allTextContents();
    return [...inFrame, ...nav, ...saveBar.map((text) => text.trim()).filter(Boolean)];
  }

  /** Text the merchant or the catalog wrote, brand names and model ids are not UI copy. */
  function isData(text: string): boolean {
    if (modelIds.has(text)) return true;
    // A chip or a list item around product data ("+ Home & Garden") is still product data.
    const core = text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    if (core.length >= 3 && productData.includes(core)) return true;
    if (text === DEMO_SHOP.name || text.includes(DEMO_SHOP.domain)) return true;
    // Template source ({{title}} by {{vendor}}…) is the shop's copy in the template's language, not UI.
    if (text.includes("{{")) return true;
    let rest = text;
    for (const brand of KEPT_AS_IS) rest = rest.split(brand).join(" ");
    for (const id of modelIds) rest = rest.split(id).join(" ");
    return !/\p{L}{2,}/u.test(rest);
  }

  function englishIn(texts: string[]): string[] {
    const found = new Set<string>();
    for (const text of texts) {
      if (isData(text)) continue;
      let cleaned = text;
      for (const brand of KEPT_AS_IS) cleaned = cleaned.split(brand).join(" ");
      for (const id of modelIds) cleaned = cleaned.split(id).join(" ");
      for (const { phrase, pattern } of [...phrases, ...known]) {
        if (pattern.test(cleaned)) found.add(`"${text}" ⟵ English "${phrase}"`);
      }
    }
    return [...found];
  }

  async function checkScreen(name: string): Promise<string[]> {
    await page.waitForTimeout(500);
    await screenshot(page, `fr-${name}`);
    const found = englishIn(await visibleTexts());
    console.log(`French UI, ${name}: ${found.length === 0 ? "no English" : `${found.length} English string(s):\n  ${found.join("\n  ")}`}`);
    return found.map((entry) => `${name}: ${entry}`);
  }

  it("Home, Products, a product page, Settings, Settings → Copy, the Jobs list, a job's start page and a job page (reviewed, written, reverted) speak only French under ?locale=fr", async () => {
    const problems: string[] = [];
    await page.goto(`${demo.url}/?locale=fr`);
    await expect.poll(() => app.getByText(`Bienvenue dans Plume, ${DEMO_SHOP.name}`).count(), { timeout: 30_000 }).toBe(1);
    problems.push(...(await checkScreen("home")));

    await page.locator("#app-nav a", { hasText: "Produits" }).click();
    await expect.poll(() => app.locator("table tbody tr").count(), { timeout: 30_000 }).toBeGreaterThan(0);
    problems.push(...(await checkScreen("products")));

    await app.locator("table tbody tr").first().locator("td").nth(2).click();
    await expect.poll(() => app.locator("[id^='search-preview'], h2, h3").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.frames().find((frame) => frame.name() === "app-iframe")?.url() ?? "", { timeout: 20_000 }).toMatch(/\/app\/products\/\d+/);
    await page.waitForTimeout(1000);
    problems.push(...(await checkScreen("product")));

    await page.locator("#app-nav a", { hasText: "Paramètres" }).click();
    await expect.poll(() => page.frames().find((frame) => frame.name() === "app-iframe")?.url() ?? "", { timeout: 20_000 }).toMatch(/\/app\/settings$/);
    await expect.poll(() => app.locator("select").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    problems.push(...(await checkScreen("settings")));
    // Every backend's description and set-up hint, as the merchant sees them on choosing it.
    const backendSelect = app.locator("select:has(option[value='templates'])").first();
    const backendIds = await backendSelect.locator("option").evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    for (const id of backendIds) {
      await backendSelect.selectOption(id);
      await page.waitForTimeout(100);
      const found = englishIn(await visibleTexts());
      if (found.length > 0) console.log(`French UI, settings with ${id}:\n  ${found.join("\n  ")}`);
      problems.push(...found.map((entry) => `settings (${id}): ${entry}`));
    }
    await backendSelect.selectOption("emulated-openai");
    await screenshot(page, "fr-settings-emulated-openai");
    await backendSelect.selectOption("templates");

    await page.evaluate(() => {
      const frame = document.getElementById("app-frame") as HTMLIFrameElement;
      frame.contentWindow?.postMessage({ source: "plume-frame", type: "navigate", href: "/app/settings/copy" }, location.origin);
    });
    await expect.poll(() => app.locator("#copy-preview-seoTitle").textContent(), { timeout: 20_000 }).not.toBe("");
    problems.push(...(await checkScreen("settings-copy")));

    // A template that does not parse: the reason is worded in French too, not the template engine's English.
    const template = app.getByLabel("Modèle de titre SEO", { exact: true });
    await template.fill("{{#title}}sans fin");
    await expect.poll(() => page.locator("#save-bar.visible").count()).toBe(1);
    await expect.poll(() => app.getByText("Ce modèle est mal formé", { exact: false }).count()).toBeGreaterThan(0);
    await template.scrollIntoViewIfNeeded();
    problems.push(...(await checkScreen("settings-copy-template-error")));

    // Jobs: the empty list, the start page with its estimate, and a job's page.
    await page.locator("#app-nav a", { hasText: "Tâches" }).click();
    await expect.poll(() => app.getByText("Aucune tâche pour l’instant").count(), { timeout: 20_000 }).toBe(1);
    problems.push(...(await checkScreen("jobs-empty")));
    await page.evaluate(() => {
      const frame = document.getElementById("app-frame") as HTMLIFrameElement;
      frame.contentWindow?.postMessage({ source: "plume-frame", type: "navigate", href: "/app/jobs/new?scope=all" }, location.origin);
    });
    await expect.poll(() => app.locator("#job-selection").textContent(), { timeout: 20_000 }).toMatch(/Tout le catalogue/);
    await app.getByRole("button", { name: "Estimer", exact: true }).click();
    await expect.poll(() => app.getByRole("heading", { name: "Estimation", exact: true }).count(), { timeout: 30_000 }).toBe(1);
    problems.push(...(await checkScreen("job-start")));
    // The estimate sits in the page's narrow column: at a wide and at a narrower admin width, each figure's value
    // stays on its label's line, in French's longer words.
    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 1100 });
      await page.waitForTimeout(300);
      const rows = await app.locator("[data-estimate-figure]").evaluateAll((figures) =>
        figures.map((figure) => {
          const [label, value] = [...figure.querySelectorAll(":scope > div > span")].map((span) => span.getBoundingClientRect());
          return { text: figure.textContent ?? "", sameLine: label !== undefined && value !== undefined && value.top < label.bottom && value.left >= label.right };
        }),
      );
      expect(rows.length, `estimate figures at ${width} px`).toBeGreaterThanOrEqual(6);
      expect(rows.filter((row) => !row.sameLine).map((row) => row.text), `figures broken over two lines at ${width} px`).toEqual([]);
      await screenshot(page, `fr-job-start-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 1100 });
    await app.getByRole("button", { name: "Lancer la tâche" }).click();
    await expect.poll(() => new URL(page.frames().find((frame) => frame.name() === "app-iframe")?.url() ?? "http://x/").pathname, { timeout: 30_000 }).toMatch(/^\/app\/jobs\/(?!new$)[A-Za-z0-9_-]+$/);
    await expect.poll(() => app.locator(".Polaris-Badge", { hasText: "Terminée" }).count(), { timeout: 120_000, interval: 500 }).toBeGreaterThan(0);
    // The review list moves only when asked (the button shows while it is behind the progress).
    const showLatest = async () => {
      const button = app.getByRole("button", { name: "Afficher les derniers résultats" });
      if (await button.isVisible()) await button.click();
    };
    await showLatest();
    await expect.poll(() => app.locator("[data-description-review]").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // Descriptions are shown as the storefront will show them, never as HTML source.
    const description = app.locator("[data-description-review] [data-storefront-preview]").last();
    expect(await description.evaluate((element) => element.children.length)).toBeGreaterThan(0);
    expect(await description.textContent()).not.toMatch(/<\/?(p|ul|li|strong|h2)\b/);
    await description.scrollIntoViewIfNeeded();
    problems.push(...(await checkScreen("job")));
    // Approve, write, then revert the whole job: every state the page can be in, in French.
    await app.getByRole("button", { name: "Tout approuver", exact: true }).click();
    await expect.poll(() => app.locator("#apply-state").textContent(), { timeout: 20_000 }).toMatch(/prêts? à être publiés?\.$/);
    await app.locator("#apply-state").scrollIntoViewIfNeeded();
    problems.push(...(await checkScreen("job-approved")));
    await app.getByRole("button", { name: "Publier les approuvés" }).click();
    await expect.poll(() => app.locator("#apply-state").textContent(), { timeout: 20_000 }).toMatch(/^(Publication de \d+ produits? dans Shopify…|Rien d’approuvé n’attend d’être publié\.)$/);
    await expect.poll(() => app.locator("[data-item-count='applying']").textContent(), { timeout: 150_000, interval: 500 }).toContain("· 0");
    await expect.poll(() => app.locator("#apply-state").textContent(), { timeout: 20_000 }).toBe("Rien d’approuvé n’attend d’être publié.");
    await showLatest();
    problems.push(...(await checkScreen("job-applied")));
    await app.getByRole("button", { name: "Annuler toutes les modifications de la tâche" }).click();
    await app.getByRole("button", { name: "Rétablir", exact: true }).click();
    await expect.poll(() => app.locator("#job-revert").getAttribute("data-revert-status"), { timeout: 120_000, interval: 200 }).toBe("completed");
    await expect.poll(() => app.locator("[data-item-state='itemReverted']").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await app.locator("#job-revert").textContent()).toMatch(/Tâche rétablie.*Valeurs rétablies : [1-9]/);
    await app.locator("#job-revert").scrollIntoViewIfNeeded();
    problems.push(...(await checkScreen("job-reverted")));
    await page.locator("#app-nav a", { hasText: "Tâches" }).click();
    await expect.poll(() => app.locator("table tbody tr").count(), { timeout: 20_000 }).toBe(1);
    problems.push(...(await checkScreen("jobs")));

    expect(problems, "English strings in the French UI").toEqual([]);
  }, 400_000);
});
