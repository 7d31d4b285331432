import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadProductSnapshot } from "~/catalog/product-facts.server";
import type { ShopifyUserError } from "~/catalog/product-writes.server";
import { applyValues, productHistory, revertRevision } from "~/copy/apply.server";
import { findDuplicateAltTexts } from "~/copy/checks";
import { generateCopy } from "~/copy/generate-copy.server";
import { applyProposals } from "~/copy/product-workflow.server";
import { refreshIndexedProduct } from "~/catalog/catalog-index.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import { saveConnection } from "~/models/connections.server";
import type { GenerationContext } from "~/models/generate.server";
import { BackendRegistry } from "~/models/registry";
import { createKeyring } from "~/secrets/crypto.server";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { startProviderEmulator, type RunningProviderEmulator } from "../../emulator/providers/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshSqlite, type TestDatabase } from "../support/databases";

/**
 * The single-product pipeline end to end over real HTTP: product facts from
 * the Admin API emulator, copy from the provider emulators (and Templates),
 * checks and sanitising, writes to the emulator, revisions and exact reverts.
 */
const SHOP = "pipeline.myshopify.com";
let admin: RunningAdminEmulator;
let providers: RunningProviderEmulator;
let testDatabase: TestDatabase;
let context: (backendId: string, modelId: string) => GenerationContext;
let client: ReturnType<typeof emulatorAdminClient>;
const settings = copySettingsSchema.parse({ writePolicy: "overwrite" });
const characterCountOf = (text: string) => [...text].length;

beforeAll(async () => {
  admin = await startAdminEmulator({ apiKey: "k", apiSecret: "s", scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales", plan: "plus", shops: [{ domain: SHOP, seed: { products: 30, seed: 7 } }] });
  providers = await startProviderEmulator();
  testDatabase = await freshSqlite();
  client = emulatorAdminClient(admin, SHOP);
  const seeded = admin.store.requireShop(SHOP).catalog.all().find((product) => product.contentLanguage === "en" && product.media.length > 0);
  if (!seeded) throw new Error("the seeded catalog has no English product with images");
  englishProductId = `gid://shopify/Product/${seeded.legacyId}`;
  const registry = BackendRegistry.withExtras([
    { id: "emulated-openai", extends: "openai", label: "OpenAI (emulated)", baseUrl: providers.baseUrls.openai, emulated: true },
    { id: "emulated-mistral", extends: "mistral", label: "Mistral (emulated)", baseUrl: providers.baseUrls.mistral, emulated: true },
  ]);
  const connections = {
    keyring: createKeyring({ version: 1, key: Buffer.alloc(32, 9).toString("base64") }),
    endpointPolicy: { allowedHosts: [new URL(providers.url).host] },
    operatorKeys: {},
  };
  await saveConnection(testDatabase.database, connections, registry.get("emulated-openai"), SHOP, { apiKey: "sk-emulated-openai" });
  await saveConnection(testDatabase.database, connections, registry.get("emulated-mistral"), SHOP, { apiKey: "mistral-emulated-key" });
  context = (backendId, modelId) => ({
    database: testDatabase.database,
    registry,
    connections,
    policy: { chain: [{ backendId, modelId }], euOnly: false, monthlyBudgetMicros: null },
    sleep: async () => {},
  });
});

afterAll(async () => {
  await Promise.all([admin.close(), providers.close(), testDatabase.close()]);
});

beforeEach(() => providers.reset());

let englishProductId: string;
/** An English-language seeded product with images (the catalog also has French and German ones). */
function firstProductWithImages(): Promise<string> {
  return Promise.resolve(englishProductId);
}

describe("generate → check → apply → revert", () => {
  it("generates every field with an emulated model, sanitised and checked, for the product's own images", async () => {
    const productId = await firstProductWithImages();
    const product = await loadProductSnapshot(client, productId);
    const result = await generateCopy(context("emulated-openai", "gpt-6-luna"), {
      shop: SHOP,
      product,
      settings,
      fields: ["descriptionHtml", "seoTitle", "metaDescription", "altText"],
      locale: "en",
    });
    expect(result.backendId).toBe("emulated-openai");
    const fields = result.proposals.map((proposal) => proposal.field);
    expect(fields).toEqual(expect.arrayContaining(["descriptionHtml", "seoTitle", "metaDescription", "altText"]));
    const altIds = result.proposals.filter((proposal) => proposal.field === "altText").map((proposal) => proposal.resourceId);
    expect(altIds.sort()).toEqual(product.images.map((image) => image.id).sort());
    for (const proposal of result.proposals) expect(proposal.hardFailures, `${proposal.field}: ${proposal.value}`).toEqual([]);
    const seoTitle = result.proposals.find((proposal) => proposal.field === "seoTitle");
    expect(seoTitle!.value.length).toBeLessThanOrEqual(60);
  });

  it("generates with offline Templates without any network call to a model", async () => {
    const product = await loadProductSnapshot(client, await firstProductWithImages());
    const result = await generateCopy(context("templates", "default"), { shop: SHOP, product, settings, fields: ["seoTitle", "metaDescription"], locale: "en" });
    expect(result.backendId).toBe("templates");
    expect(result.proposals.find((proposal) => proposal.field === "seoTitle")?.value).toBe(`${product.title} | ${product.vendor}`.slice(0, 200));
    expect(providers.requests.length).toBe(0);
  });

  it("Templates shorten a 250-character title at a word boundary instead of producing an SEO title that can never pass", async () => {
    const loaded = await loadProductSnapshot(client, await firstProductWithImages());
    const words = "Handcrafted solid oak dining chair with woven rush seat and curved backrest".split(" ");
    let title = "";
    for (let index = 0; characterCountOf(title) < 250; index += 1) title = `${title} ${words[index % words.length]}`.trim();
    const product = { ...loaded, title, vendor: "Atelier Morel" };
    const result = await generateCopy(context("templates", "default"), { shop: SHOP, product, settings, fields: ["seoTitle", "metaDescription", "altText"], locale: "en" });
    for (const proposal of result.proposals) {
      expect(proposal.hardFailures, `${proposal.field}: ${proposal.value}`).toEqual([]);
    }
    const seoTitle = result.proposals.find((proposal) => proposal.field === "seoTitle")!.value;
    expect(characterCountOf(seoTitle)).toBeLessThanOrEqual(60);
    expect(seoTitle).not.toContain("|");
    expect(title.startsWith(seoTitle) && title.charAt(seoTitle.length) === " ").toBe(true);
  });

  it("reads each image's position and the variants that use it from the Admin API", async () => {
    const seeded = admin.store
      .requireShop(SHOP)
      .catalog.all()
      .find((candidate) => (candidate.options.find((option) => option.name === "Color")?.values.length ?? 0) >= 2 && candidate.media.length >= 2);
    if (!seeded) throw new Error("the seeded catalog has no product with two colours and two images");
    const product = await loadProductSnapshot(client, `gid://shopify/Product/${seeded.legacyId}`);
    expect(product.images.map((image) => image.position)).toEqual(seeded.media.map((_media, index) => index + 1));
    const colours = seeded.options.find((option) => option.name === "Color")!.values;
    for (const [index, image] of product.images.entries()) {
      const colour = colours[index];
      const expected = colour === undefined ? [] : seeded.variants.filter((variant) => variant.selectedOptions.some((selected) => selected.name === "Color" && selected.value === colour)).map((variant) => variant.title);
      expect(image.variantTitles, image.id).toEqual(expected);
    }
    expect(product.images[0]!.variantTitles.length).toBeGreaterThan(0);
  });

  it("Templates give every image of a product its own alt text: its variant, else its position, within 125 characters", async () => {
    const seeded = admin.store
      .requireShop(SHOP)
      .catalog.all()
      .find((candidate) => (candidate.options.find((option) => option.name === "Color")?.values.length ?? 0) >= 2 && candidate.media.length >= 2);
    if (!seeded) throw new Error("the seeded catalog has no product with two colours and two images");
    const loaded = await loadProductSnapshot(client, `gid://shopify/Product/${seeded.legacyId}`);
    const colours = seeded.options.find((option) => option.name === "Color")!.values;
    for (const locale of ["en", "fr"]) {
      const result = await generateCopy(context("templates", "default"), { shop: SHOP, product: loaded, settings, fields: ["altText"], locale });
      const alts = result.proposals.filter((proposal) => proposal.field === "altText");
      expect(alts).toHaveLength(loaded.images.length);
      expect(new Set(alts.map((alt) => alt.value.toLowerCase())).size).toBe(alts.length);
      for (const alt of alts) expect(alt.warnings.map((issue) => issue.code)).not.toContain("duplicate_alt_text");
      // the first two images belong to the first two colours, and say so
      expect(alts[0]!.value).toContain(colours[0]!);
      expect(alts[1]!.value).toContain(colours[1]!);
    }

    // Images of no variant, and a title so long that the position phrase must make room for itself.
    const words = "Handcrafted solid oak dining chair with woven rush seat and curved backrest".split(" ");
    let title = "";
    for (let index = 0; characterCountOf(title) < 200; index += 1) title = `${title} ${words[index % words.length]}`.trim();
    const bare = { ...loaded, title, images: loaded.images.map((image) => ({ ...image, variantTitles: [] })) };
    for (const [locale, word] of [["en", "image"], ["fr", "vue"]] as const) {
      const result = await generateCopy(context("templates", "default"), { shop: SHOP, product: bare, settings, fields: ["altText"], locale });
      const values = result.proposals.filter((proposal) => proposal.field === "altText").map((proposal) => proposal.value);
      expect(new Set(values).size).toBe(values.length);
      for (const value of values) expect(characterCountOf(value)).toBeLessThanOrEqual(125);
      expect(values[1]).toMatch(new RegExp(` – ${word} 2$`));
      // (an English title in French copy is rightly flagged as the wrong language; nothing else fails)
      for (const proposal of result.proposals) expect(proposal.hardFailures.filter((issue) => issue.code !== "wrong_language"), proposal.value).toEqual([]);
    }
  });

  it("warns about alt texts a model repeats across images of the product", async () => {
    const seeded = admin.store.requireShop(SHOP).catalog.all().find((candidate) => candidate.media.length >= 2);
    if (!seeded) throw new Error("the seeded catalog has no product with two images");
    const product = await loadProductSnapshot(client, `gid://shopify/Product/${seeded.legacyId}`);
    const issues = findDuplicateAltTexts(product.images.map((image) => ({ imageId: image.id, value: `${product.title} front view` })));
    expect(issues.size).toBe(product.images.length);
  });

  it.each(["descriptionHtml", "seoTitle", "metaDescription"] as const)("apply then revert restores %s exactly", async (field) => {
    const productId = await firstProductWithImages();
    const before = await loadProductSnapshot(client, productId);
    const value = field === "descriptionHtml" ? "<p>A new description.</p>" : `New ${field} value`;
    const applied = await applyValues(client, testDatabase.database, {
      shop: SHOP,
      productId,
      values: [{ field, locale: "en", resourceId: "", value }],
      writePolicy: "overwrite",
      source: "test",
      actor: "test",
    });
    expect(applied.applied).toHaveLength(1);
    const during = await loadProductSnapshot(client, productId);
    const read = (snapshot: typeof before) => (field === "descriptionHtml" ? snapshot.descriptionHtml : field === "seoTitle" ? snapshot.seoTitle : snapshot.metaDescription);
    expect(read(during)).toBe(value);
    // the other SEO field is untouched by a write to one of them
    if (field === "seoTitle") expect(during.metaDescription).toBe(before.metaDescription);
    if (field === "metaDescription") expect(during.seoTitle).toBe(before.seoTitle);

    // A later write, then revert of the first: back to the original, exactly.
    await applyValues(client, testDatabase.database, { shop: SHOP, productId, values: [{ field, locale: "en", resourceId: "", value: field === "descriptionHtml" ? "<p>Later.</p>" : "Later" }], writePolicy: "overwrite", source: "test", actor: "test" });
    await revertRevision(client, testDatabase.database, { shop: SHOP, revisionId: applied.applied[0]!.revisionId, actor: "test" });
    expect(read(await loadProductSnapshot(client, productId))).toBe(read(before));
  });

  it("two concurrent applies of SEO title and meta description both land", async () => {
    const productId = await firstProductWithImages();
    const apply = (field: "seoTitle" | "metaDescription", value: string) =>
      applyValues(client, testDatabase.database, { shop: SHOP, productId, values: [{ field, locale: "en", resourceId: "", value }], writePolicy: "overwrite", source: "test", actor: "test" });
    for (let round = 0; round < 3; round += 1) {
      const [title, description] = await Promise.all([apply("seoTitle", `Concurrent title ${round}`), apply("metaDescription", `Concurrent meta description ${round}.`)]);
      expect(title.applied).toHaveLength(1);
      expect(description.applied).toHaveLength(1);
      const after = await loadProductSnapshot(client, productId);
      expect({ seoTitle: after.seoTitle, metaDescription: after.metaDescription }).toEqual({ seoTitle: `Concurrent title ${round}`, metaDescription: `Concurrent meta description ${round}.` });
    }
  });

  it("apply then revert restores image alt text exactly", async () => {
    const product = await loadProductSnapshot(client, await firstProductWithImages());
    const image = product.images[0]!;
    const applied = await applyValues(client, testDatabase.database, {
      shop: SHOP,
      productId: product.id,
      values: [{ field: "altText", locale: "en", resourceId: image.id, value: "A close-up of the product" }],
      writePolicy: "overwrite",
      source: "test",
      actor: "test",
    });
    expect((await loadProductSnapshot(client, product.id)).images.find((entry) => entry.id === image.id)?.alt).toBe("A close-up of the product");
    await revertRevision(client, testDatabase.database, { shop: SHOP, revisionId: applied.applied[0]!.revisionId, actor: "test" });
    expect((await loadProductSnapshot(client, product.id)).images.find((entry) => entry.id === image.id)?.alt).toBe(image.alt);
  });

  it("translates into French with the current digest, and revert removes a translation that did not exist", async () => {
    const productId = await firstProductWithImages();
    // Shopify translates source content: the primary-language SEO title must exist first.
    await applyValues(client, testDatabase.database, { shop: SHOP, productId, values: [{ field: "seoTitle", locale: "en", resourceId: "", value: "Source title" }], writePolicy: "overwrite", source: "test", actor: "test" });
    const product = await loadProductSnapshot(client, productId);
    const generated = await generateCopy(context("emulated-mistral", "mistral-small-2603"), { shop: SHOP, product, settings, fields: ["seoTitle"], locale: "fr" });
    const proposal = generated.proposals.find((entry) => entry.field === "seoTitle")!;
    expect(proposal.hardFailures).toEqual([]);
    const applied = await applyValues(client, testDatabase.database, {
      shop: SHOP,
      productId: product.id,
      values: [{ field: "seoTitle", locale: "fr", resourceId: "", value: proposal.value }],
      writePolicy: "overwrite",
      source: "test",
      actor: "test",
    });
    const translations = async () => {
      const response = await client.graphql(`query ($id: ID!) { translatableResource(resourceId: $id) { translations(locale: "fr") { key value } } }`, { variables: { id: product.id } });
      return ((await response.json()) as { data: { translatableResource: { translations: Array<{ key: string; value: string }> } } }).data.translatableResource.translations;
    };
    expect(await translations()).toContainEqual({ key: "meta_title", value: proposal.value });
    await revertRevision(client, testDatabase.database, { shop: SHOP, revisionId: applied.applied[0]!.revisionId, actor: "test" });
    expect((await translations()).find((translation) => translation.key === "meta_title")).toBeUndefined();
  });

  it("applies what it can and reports the rest: a translation without source is skipped up front, each proposal's status and the index follow", async () => {
    const record = admin.store
      .requireShop(SHOP)
      .catalog.all()
      .find((candidate) => candidate.contentLanguage === "en" && `gid://shopify/Product/${candidate.legacyId}` !== englishProductId);
    if (!record) throw new Error("the seeded catalog has no second English product");
    const productId = `gid://shopify/Product/${record.legacyId}`;
    admin.store.updateProduct(SHOP, record.legacyId, { seo: { title: "Old title", description: null } });
    await saveCopySettings(testDatabase.database, SHOP, copySettingsSchema.parse({ writePolicy: "overwrite" }));
    await refreshIndexedProduct(client, testDatabase.database, SHOP, productId);
    const propose = (field: string, locale: string, value: string) =>
      testDatabase.database.proposal.create({ data: { shop: SHOP, productId, field, locale, resourceId: "", value, backendId: "test", modelId: "test" } });
    const title = await propose("seoTitle", "en", "Applied title");
    const translatedMeta = await propose("metaDescription", "fr", "Un pull confortable en coton biologique, doux et chaud pour l'hiver.");
    const description = await propose("descriptionHtml", "en", "<p>A new description written for this product.</p>");

    const result = await applyProposals(
      client,
      testDatabase.database,
      SHOP,
      productId,
      { selections: [title, translatedMeta, description].map((proposal) => ({ proposalId: proposal.id, value: proposal.value })) },
      "test",
    );

    expect(result.outcome?.results).toEqual([
      expect.objectContaining({ field: "seoTitle", locale: "en", status: "written" }),
      expect.objectContaining({ field: "metaDescription", locale: "fr", status: "skipped", reason: "no_source" }),
      expect.objectContaining({ field: "descriptionHtml", locale: "en", status: "written" }),
    ]);
    const after = await loadProductSnapshot(client, productId);
    expect(after.seoTitle).toBe("Applied title");
    expect(after.descriptionHtml).toBe("<p>A new description written for this product.</p>");
    const statuses = await testDatabase.database.proposal.findMany({ where: { id: { in: [title.id, translatedMeta.id, description.id] } } });
    expect(Object.fromEntries(statuses.map((row) => [row.field, row.status]))).toEqual({ seoTitle: "applied", metaDescription: "pending", descriptionHtml: "applied" });
    const indexed = await testDatabase.database.catalogProduct.findUniqueOrThrow({ where: { shop_productId: { shop: SHOP, productId } } });
    expect(indexed.seoTitleLength).toBe("Applied title".length);
  });

  it("fill-blanks-only never overwrites existing copy", async () => {
    const product = await loadProductSnapshot(client, await firstProductWithImages());
    await applyValues(client, testDatabase.database, { shop: SHOP, productId: product.id, values: [{ field: "seoTitle", locale: "en", resourceId: "", value: "Existing title" }], writePolicy: "overwrite", source: "test", actor: "test" });
    const outcome = await applyValues(client, testDatabase.database, {
      shop: SHOP,
      productId: product.id,
      values: [{ field: "seoTitle", locale: "en", resourceId: "", value: "Should not land" }],
      writePolicy: "fill_blanks",
      source: "test",
      actor: "test",
    });
    expect(outcome.skipped).toEqual([expect.objectContaining({ field: "seoTitle", reason: "not_blank" })]);
    expect((await loadProductSnapshot(client, product.id)).seoTitle).toBe("Existing title");
  });

  it("refuses alt text for an image of another product, and a shop cannot revert another shop's revision", async () => {
    const productId = await firstProductWithImages();
    await expect(
      applyValues(client, testDatabase.database, { shop: SHOP, productId, values: [{ field: "altText", locale: "en", resourceId: "gid://shopify/MediaImage/999999999", value: "x" }], writePolicy: "overwrite", source: "test", actor: "test" }),
    ).rejects.toThrow(/does not belong/);
    const revision = await testDatabase.database.revision.findFirstOrThrow({ where: { shop: SHOP } });
    await expect(revertRevision(client, testDatabase.database, { shop: "someone-else.myshopify.com", revisionId: revision.id, actor: "x" })).rejects.toThrow(/not found/);
  });

  it("surfaces Shopify's userErrors and records no written revision for a refused write: the attempt stays, failed, with its reason", async () => {
    const productId = await firstProductWithImages();
    const before = await testDatabase.database.revision.count({ where: { shop: SHOP, productId, status: "written" } });
    // Reported per value (not thrown), with Shopify's own userErrors, so other values in the batch still go through.
    const outcome = await applyValues(client, testDatabase.database, {
      shop: SHOP,
      productId,
      values: [{ field: "seoTitle", locale: "en", resourceId: "", value: "x".repeat(300) }],
      writePolicy: "overwrite",
      source: "test",
      actor: "test",
    });
    const [result] = outcome.results;
    expect(result).toMatchObject({ field: "seoTitle", status: "failed", reason: "shopify_refused" });
    const userErrors = result?.status === "failed" ? (result.userErrors ?? []) : [];
    expect(userErrors.length).toBeGreaterThan(0);
    expect(result?.status === "failed" ? result.message : "").toBe(userErrors.map((userError: ShopifyUserError["userErrors"][number]) => userError.message).join(" "));
    expect(outcome.applied).toEqual([]);
    expect(await testDatabase.database.revision.count({ where: { shop: SHOP, productId, status: "written" } })).toBe(before);
    const attempt = await testDatabase.database.revision.findFirstOrThrow({ where: { shop: SHOP, productId, newValue: "x".repeat(300) } });
    expect(attempt).toMatchObject({ status: "failed", failureReason: "shopify_refused", idempotencyKey: null });
    expect(attempt.failureMessage).toBe(result?.status === "failed" ? result.message : "");
    expect((await productHistory(testDatabase.database, SHOP, productId)).map((revision) => revision.id)).not.toContain(attempt.id);
  });
});
