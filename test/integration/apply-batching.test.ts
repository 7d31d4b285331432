import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadProductSnapshot } from "~/catalog/product-facts.server";
import { applyValues } from "~/copy/apply.server";
import { applyProposals } from "~/copy/product-workflow.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshSqlite, type TestDatabase } from "../support/databases";

/**
 * How many Admin calls one product's apply costs, counted by the Admin
 * emulator's own call log (GET /__emulator/calls). The case from the jobs
 * issue: description, SEO title, meta description and the alt text of each
 * of 4 images — 7 values. It took 17 calls (9 reads of the product, 3
 * productUpdate, 4 fileUpdate, 1 index refresh); the target is at most 4.
 */
const SHOP = "batching.myshopify.com";
let admin: RunningAdminEmulator;
let testDatabase: TestDatabase;
let client: ReturnType<typeof emulatorAdminClient>;

beforeAll(async () => {
  admin = await startAdminEmulator({
    apiKey: "k",
    apiSecret: "s",
    scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
    plan: "plus",
    shops: [{ domain: SHOP, seed: { products: 0, seed: 3 } }],
  });
  testDatabase = await freshSqlite();
  client = emulatorAdminClient(admin, SHOP);
  await saveCopySettings(testDatabase.database, SHOP, copySettingsSchema.parse({ writePolicy: "overwrite" }));
});

afterAll(async () => {
  await Promise.all([admin.close(), testDatabase.close()]);
});

function newProduct(title: string) {
  const record = admin.store.createProduct(SHOP, {
    title,
    vendor: "Plume Test",
    productType: "Sweater",
    status: "ACTIVE",
    descriptionHtml: "<p>Old description.</p>",
    seo: { title: "Old title", description: "Old meta description." },
    images: [1, 2, 3, 4].map((index) => ({ alt: `Old alt ${index}`, width: 800, height: 800 })),
    variants: [{ price: "49.00" }],
  });
  return `gid://shopify/Product/${record.legacyId}`;
}

async function emulatorCalls(): Promise<{ total: number; byRootField: Record<string, number> }> {
  const response = await fetch(`${admin.url}/__emulator/calls?shop=${SHOP}`);
  return ((await response.json()) as { calls: { total: number; byRootField: Record<string, number> } }).calls;
}

async function resetCalls() {
  await fetch(`${admin.url}/__emulator/calls?shop=${SHOP}`, { method: "DELETE" });
}

const SEVEN_VALUES = (imageIds: string[]) => [
  { field: "descriptionHtml" as const, value: "<p>A warm sweater in organic cotton, knitted in Portugal.</p>" },
  { field: "seoTitle" as const, value: "Organic cotton sweater" },
  { field: "metaDescription" as const, value: "A warm sweater in organic cotton, knitted in Portugal, for cold days." },
  ...imageIds.map((id, index) => ({ field: "altText" as const, value: `Organic cotton sweater, view ${index + 1}`, resourceId: id })),
];

beforeEach(resetCalls);

describe("Admin calls per product", () => {
  it("applies 7 values (description, SEO title, meta description, 4 alt texts) from the Product page in at most 4 Admin calls", async () => {
    const productId = newProduct("Batch sweater");
    const images = admin.store.requireShop(SHOP).catalog.get(Number(productId.split("/").pop()))!.media.map((media) => media.id);
    expect(images).toHaveLength(4);
    const proposals = await Promise.all(
      SEVEN_VALUES(images).map((value) =>
        testDatabase.database.proposal.create({
          data: { shop: SHOP, productId, field: value.field, locale: "en", resourceId: "resourceId" in value ? value.resourceId : "", value: value.value, backendId: "test", modelId: "test" },
        }),
      ),
    );
    await resetCalls();

    const result = await applyProposals(client, testDatabase.database, SHOP, productId, { selections: proposals.map((proposal) => ({ proposalId: proposal.id, value: proposal.value })) }, "test");

    expect(result.results.map((entry) => entry.status)).toEqual(Array(7).fill("written"));
    const calls = await emulatorCalls();
    console.info(`Admin calls for 7 values / 4 images (Product page apply): ${calls.total} ${JSON.stringify(calls.byRootField)}`);
    expect(calls.total).toBeLessThanOrEqual(4);
    const after = await loadProductSnapshot(client, productId);
    expect(after.seoTitle).toBe("Organic cotton sweater");
    expect(after.images.map((image) => image.alt)).toEqual([1, 2, 3, 4].map((index) => `Organic cotton sweater, view ${index}`));
  });

  it("a caller that has just read the product passes it down: the 7 values then take one productUpdate and one fileUpdate", async () => {
    const productId = newProduct("Preloaded sweater");
    const product = await loadProductSnapshot(client, productId);
    await resetCalls();
    const outcome = await applyValues(client, testDatabase.database, {
      shop: SHOP,
      productId,
      product,
      values: SEVEN_VALUES(product.images.map((image) => image.id)).map((value) => ({ locale: "en", resourceId: "", ...value })),
      writePolicy: "overwrite",
      source: "test",
      actor: "test",
    });
    expect(outcome.applied).toHaveLength(7);
    const calls = await emulatorCalls();
    expect(calls.byRootField).toEqual({ productUpdate: 1, fileUpdate: 1 });
    expect(calls.total).toBe(2);
  });
});
