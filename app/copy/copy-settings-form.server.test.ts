import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import { createI18n } from "~/i18n/config";
import { DEFAULT_TEMPLATES } from "~/templates/defaults";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { emulatorAdminClient } from "../../test/support/admin-client";
import { freshSqlite, type TestDatabase } from "../../test/support/databases";
import { COPY_SETTINGS_ERROR_KEYS, loadCopySettingsPage, runCopySettingsIntent, splitList, type CopySettingsContext } from "./copy-settings-form.server";
import { copySettingsSchema, loadCopySettings, saveCopySettings, type CopySettings } from "./settings";

/**
 * Settings → Copy's server side against a real SQLite database and the Admin
 * API emulator over HTTP: each intent rewrites exactly its own part of the
 * shop's settings, refuses bad input with the field and an i18n key, and
 * never touches another shop.
 */
const SHOP = "copy-settings.myshopify.com";
const OTHER_SHOP = "neighbour.myshopify.com";

let emulator: RunningAdminEmulator;
let testDatabase: TestDatabase;
let context: CopySettingsContext;

/** Settings unlike the defaults in every part, so "left unchanged" means something. */
const STARTING: CopySettings = copySettingsSchema.parse({
  tone: "technical",
  brandVoice: "Straight talk for climbers.",
  exampleCopy: "Built for the crag.",
  keywords: ["climbing", "outdoor"],
  bannedWords: ["cheap"],
  fields: ["descriptionHtml", "seoTitle"],
  writePolicy: "overwrite",
  translationLocales: ["fr"],
  lengthTargets: { descriptionWords: 200, seoTitleCharacters: 50, metaDescriptionCharacters: 140 },
  productTypeInstructions: { Apparel: "Mention the fit." },
  allowLinks: true,
  templates: { fr: { descriptionHtml: "<p>{{title}}</p>", seoTitle: "{{title}}", metaDescription: "{{title}} chez {{shopName}}", altText: "{{title}}" } },
});

const NEIGHBOUR: CopySettings = copySettingsSchema.parse({ tone: "playful", bannedWords: ["premium"], templates: { en: { ...DEFAULT_TEMPLATES.en, seoTitle: "{{vendor}}" } } });

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiKey: "k",
    apiSecret: "s",
    scopes: "read_products,write_products,read_locales",
    shops: [{ domain: SHOP, name: "Copy Settings Shop", seed: { products: 15, seed: 5 } }],
  });
  testDatabase = await freshSqlite();
  context = { database: testDatabase.database, admin: emulatorAdminClient(emulator, SHOP), shop: SHOP };
});

afterAll(async () => {
  await Promise.all([emulator?.close(), testDatabase?.close()]);
});

beforeEach(async () => {
  await saveCopySettings(testDatabase.database, SHOP, STARTING);
  await saveCopySettings(testDatabase.database, OTHER_SHOP, NEIGHBOUR);
});

/** Runs an intent and returns the shop's settings afterwards. */
async function run(form: Record<string, string>) {
  const result = await runCopySettingsIntent(context, form);
  return { result, saved: await loadCopySettings(testDatabase.database, SHOP) };
}

function expectOnly(saved: CopySettings, changes: Partial<CopySettings>) {
  expect(saved).toEqual({ ...STARTING, ...changes });
}

describe("each intent saves exactly its own part", () => {
  it("save-voice: tone, brand voice and example copy", async () => {
    const { result, saved } = await run({ intent: "save-voice", tone: "premium", brandVoice: "  Quiet luxury.  ", exampleCopy: "Crafted slowly." });
    expect(result).toEqual({ ok: true, intent: "save-voice" });
    expectOnly(saved, { tone: "premium", brandVoice: "Quiet luxury.", exampleCopy: "Crafted slowly." });
  });

  it("save-words: comma- or newline-separated, trimmed, without duplicates", async () => {
    const { result, saved } = await run({ intent: "save-words", keywords: "merino, Wool\nwool ,,\n  base layer  ", bannedWords: "cheap\nbest ever" });
    expect(result.ok).toBe(true);
    expectOnly(saved, { keywords: ["merino", "Wool", "base layer"], bannedWords: ["cheap", "best ever"] });
  });

  it("save-words: empty lists clear both", async () => {
    const { saved } = await run({ intent: "save-words", keywords: "", bannedWords: " \n, " });
    expectOnly(saved, { keywords: [], bannedWords: [] });
  });

  it("save-fields: fields in Plume's order, write policy, links", async () => {
    const { result, saved } = await run({ intent: "save-fields", fields: "altText,metaDescription", writePolicy: "fill_blanks", allowLinks: "off" });
    expect(result.ok).toBe(true);
    expectOnly(saved, { fields: ["metaDescription", "altText"], writePolicy: "fill_blanks", allowLinks: false });
  });

  it("save-languages: published, non-primary shop locales", async () => {
    const { result, saved } = await run({ intent: "save-languages", translationLocales: "de,fr,de" });
    expect(result.ok).toBe(true);
    expectOnly(saved, { translationLocales: ["de", "fr"] });
    expectOnly((await run({ intent: "save-languages", translationLocales: "" })).saved, { translationLocales: [] });
  });

  it("save-lengths: the three targets", async () => {
    const { result, saved } = await run({ intent: "save-lengths", descriptionWords: "300", seoTitleCharacters: "60", metaDescriptionCharacters: "50" });
    expect(result.ok).toBe(true);
    expectOnly(saved, { lengthTargets: { descriptionWords: 300, seoTitleCharacters: 60, metaDescriptionCharacters: 50 } });
  });

  it("save-instructions: rows become the product type → instruction map", async () => {
    const rows = [
      { productType: " Beauty ", instruction: "Never promise results." },
      { productType: "Electronics", instruction: "Give the battery life." },
    ];
    const { result, saved } = await run({ intent: "save-instructions", rows: JSON.stringify(rows) });
    expect(result.ok).toBe(true);
    expectOnly(saved, { productTypeInstructions: { Beauty: "Never promise results.", Electronics: "Give the battery life." } });
  });

  it("save-templates: one language's four templates, other languages kept", async () => {
    const english = { ...DEFAULT_TEMPLATES.en, seoTitle: "{{title}} – {{shopName}}" };
    const { result, saved } = await run({ intent: "save-templates", language: "en", ...english });
    expect(result.ok).toBe(true);
    expectOnly(saved, { templates: { ...STARTING.templates, en: english } });
  });

  it("reset-templates: drops the shop's templates for one language, so Plume's defaults apply again", async () => {
    const { result, saved } = await run({ intent: "reset-templates", language: "fr" });
    expect(result.ok).toBe(true);
    expectOnly(saved, { templates: {} });
  });
});

describe("invalid input is refused with the field and an i18n key, and nothing is saved", () => {
  const refusals: Array<[string, Record<string, string>, Record<string, string>]> = [
    ["an empty field list", { intent: "save-fields", fields: "", writePolicy: "overwrite", allowLinks: "on" }, { fields: "copySettings.errors.fieldsRequired" }],
    ["an unknown field", { intent: "save-fields", fields: "seoTitle,body", writePolicy: "overwrite", allowLinks: "on" }, { fields: "copySettings.errors.unknownField" }],
    [
      "a length above the maximum",
      { intent: "save-lengths", descriptionWords: "200", seoTitleCharacters: "61", metaDescriptionCharacters: "140" },
      { seoTitleCharacters: "copySettings.errors.outOfRange" },
    ],
    [
      "a length below the minimum and one that is not a number",
      { intent: "save-lengths", descriptionWords: "29", seoTitleCharacters: "50", metaDescriptionCharacters: "1e2" },
      { descriptionWords: "copySettings.errors.outOfRange", metaDescriptionCharacters: "copySettings.errors.wholeNumber" },
    ],
    ["a malformed locale", { intent: "save-languages", translationLocales: "fr,de_DE" }, { translationLocales: "copySettings.errors.badLocale" }],
    ["a locale the shop does not publish", { intent: "save-languages", translationLocales: "fr,es" }, { translationLocales: "copySettings.errors.localeNotPublished" }],
    ["the shop's primary locale", { intent: "save-languages", translationLocales: "en" }, { translationLocales: "copySettings.errors.localeNotPublished" }],
    [
      "a template that does not parse",
      { intent: "save-templates", language: "en", ...DEFAULT_TEMPLATES.en, seoTitle: "{{#title}}{{title}}", altText: "{{title" },
      { seoTitle: "copySettings.errors.templateSyntax", altText: "copySettings.errors.templateSyntax" },
    ],
    ["a template language Plume has no defaults for", { intent: "save-templates", language: "es", ...DEFAULT_TEMPLATES.en }, { language: "copySettings.errors.invalid" }],
    ["an unknown tone", { intent: "save-voice", tone: "sarcastic", brandVoice: "", exampleCopy: "" }, { tone: "copySettings.errors.unknownTone" }],
    ["a brand voice over 2000 characters", { intent: "save-voice", tone: "friendly", brandVoice: "x".repeat(2001), exampleCopy: "" }, { brandVoice: "copySettings.errors.tooLong" }],
    [
      "too many keywords",
      { intent: "save-words", keywords: Array.from({ length: 31 }, (_, index) => `keyword ${index}`).join(","), bannedWords: "" },
      { keywords: "copySettings.errors.tooMany" },
    ],
    [
      "two rows for one product type, and an empty instruction",
      {
        intent: "save-instructions",
        rows: JSON.stringify([
          { productType: "Apparel", instruction: "Fit." },
          { productType: "apparel", instruction: "Care." },
          { productType: "Beauty", instruction: " " },
        ]),
      },
      { "rows.1.productType": "copySettings.errors.duplicateProductType", "rows.2.instruction": "copySettings.errors.instructionRequired" },
    ],
    ["rows that are not JSON", { intent: "save-instructions", rows: "{not json" }, { rows: "copySettings.errors.invalid" }],
    ["an unknown intent", { intent: "save-everything" }, { intent: "copySettings.errors.invalid" }],
  ];

  it.each(refusals)("%s", async (_name, form, errors) => {
    const { result, saved } = await run(form);
    expect(result).toEqual({ ok: false, intent: form.intent, errors });
    expect(saved).toEqual(STARTING);
  });

  it("every error key exists in English and French", () => {
    for (const locale of ["en", "fr"] as const) {
      const i18n = createI18n(locale);
      for (const key of COPY_SETTINGS_ERROR_KEYS) expect(i18n.exists(key), `${key} in ${locale}`).toBe(true);
    }
  });
});

describe("tenant scoping", () => {
  it("saving one shop's settings leaves another shop's settings untouched", async () => {
    await run({ intent: "save-voice", tone: "minimal", brandVoice: "", exampleCopy: "" });
    await run({ intent: "save-words", keywords: "a", bannedWords: "b" });
    await run({ intent: "reset-templates", language: "fr" });
    expect(await loadCopySettings(testDatabase.database, OTHER_SHOP)).toEqual(NEIGHBOUR);
    expect(await testDatabase.database.copySettings.findUnique({ where: { shop: "nobody.myshopify.com" } })).toBeNull();
  });

  it("a shop with no row yet starts from the defaults and gets a row of its own", async () => {
    const fresh = "fresh-shop.myshopify.com";
    const result = await runCopySettingsIntent({ ...context, shop: fresh }, { intent: "save-voice", tone: "playful", brandVoice: "Hi!", exampleCopy: "" });
    expect(result.ok).toBe(true);
    expect(await loadCopySettings(testDatabase.database, fresh)).toEqual({ ...copySettingsSchema.parse({}), tone: "playful", brandVoice: "Hi!" });
    expect(await loadCopySettings(testDatabase.database, SHOP)).toEqual(STARTING);
  });
});

describe("the page's data, read from the Admin API emulator", () => {
  it("offers the shop's published non-primary locales, named in the admin's language", async () => {
    const english = await loadCopySettingsPage(testDatabase.database, context.admin, SHOP, "en");
    expect(english.locales).toEqual([
      { locale: "fr", name: "French" },
      { locale: "de", name: "German" },
    ]);
    expect(english.primaryLocale).toBe("en");
    const french = await loadCopySettingsPage(testDatabase.database, context.admin, SHOP, "fr");
    expect(french.locales.map((locale) => locale.name)).toEqual(["français", "allemand"]);
  });

  it("reads up to ten products with options and numeric prices for the preview, and suggests their product types", async () => {
    const page = await loadCopySettingsPage(testDatabase.database, context.admin, SHOP, "en");
    expect(page.products).toHaveLength(10);
    expect(page.shopName).toBe("Copy Settings Shop");
    const titles = page.products.map((product) => product.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
    for (const product of page.products) {
      expect(product.prices.length).toBeGreaterThan(0);
      expect(product.prices.every((price) => Number.isFinite(price) && price > 0)).toBe(true);
      expect(product.options.every((option) => option.values.length > 0)).toBe(true);
    }
    // The shop's own product types (productTypes(first:)), not only the ten preview products'.
    const shopTypes = [...new Set(emulator.store.requireShop(SHOP).catalog.all().map((product) => product.productType).filter(Boolean))];
    expect(page.productTypes).toEqual(shopTypes.sort((a, b) => a.localeCompare(b)));
    expect(page.productTypesSource).toBe("shop");
  });

  it("falls back to the preview products' types, and says so, when the productTypes query fails", async () => {
    const failing: AdminGraphql = {
      graphql: (query, options) =>
        query.includes("PlumeProductTypes") ? Promise.resolve(Response.json({ errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] })) : context.admin.graphql(query, options),
    };
    const page = await loadCopySettingsPage(testDatabase.database, failing, SHOP, "en");
    expect(page.productTypesSource).toBe("sample");
    expect(page.productTypes).toEqual([...new Set(page.products.map((product) => product.productType).filter(Boolean))].sort((a, b) => a.localeCompare(b)));
  });

  it("suggests the shop's product types from the productTypes connection when Shopify answers it", async () => {
    const withProductTypes: AdminGraphql = {
      graphql: (query, options) =>
        query.includes("PlumeProductTypes")
          ? Promise.resolve(Response.json({ data: { productTypes: { nodes: ["Outerwear", " ", "Apparel", "Outerwear"] } } }))
          : context.admin.graphql(query, options),
    };
    const page = await loadCopySettingsPage(testDatabase.database, withProductTypes, SHOP, "en");
    expect(page.productTypes).toEqual(["Apparel", "Outerwear"]);
  });

  it("does not hide a failure that is not an Admin API answer, such as a network error", async () => {
    const redirecting: AdminGraphql = {
      graphql: (query, options) => (query.includes("PlumeProductTypes") ? Promise.reject(new TypeError("fetch failed")) : context.admin.graphql(query, options)),
    };
    await expect(loadCopySettingsPage(testDatabase.database, redirecting, SHOP, "en")).rejects.toThrow("fetch failed");
  });

  it("gives each template language the shop's templates or Plume's defaults, and the schema's length limits", async () => {
    const page = await loadCopySettingsPage(testDatabase.database, context.admin, SHOP, "en");
    expect(page.templates.fr).toEqual(STARTING.templates.fr);
    expect(page.templates.en).toEqual(DEFAULT_TEMPLATES.en);
    expect(page.templates.de).toEqual(DEFAULT_TEMPLATES.de);
    expect(page.customizedTemplates).toEqual(["fr"]);
    expect(page.limits).toEqual({
      descriptionWords: { min: 30, max: 600 },
      seoTitleCharacters: { min: 20, max: 60 },
      metaDescriptionCharacters: { min: 50, max: 160 },
    });
    expect(page.settings).toEqual(STARTING);
  });
});

describe("splitList", () => {
  it("splits on commas and new lines, collapses spaces and keeps the first spelling of a duplicate", () => {
    expect(splitList("Merino  wool, merino WOOL\r\nlinen,,\n")).toEqual(["Merino wool", "linen"]);
  });
});
