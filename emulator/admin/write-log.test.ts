/**
 * The write log: what the chaos run and the job benchmark count writes and
 * duplicate writes with, independently of the app's own revisions.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProductRecord } from "./store/records";
import type { ShopWriteSummary } from "./store/write-log";
import { adminGraphQL, dig, startTestEmulator, TEST_SHOP, type TestEmulator } from "./test-support";

const PRODUCT_UPDATE = `mutation ($product: ProductUpdateInput!) { productUpdate(product: $product) { product { id } userErrors { field message } } }`;
const FILE_UPDATE = `mutation ($files: [FileUpdateInput!]!) { fileUpdate(files: $files) { files { id } userErrors { field message code } } }`;
const REGISTER = `mutation ($id: ID!, $translations: [TranslationInput!]!) { translationsRegister(resourceId: $id, translations: $translations) { userErrors { code } } }`;
const REMOVE = `mutation ($id: ID!, $keys: [String!]!, $locales: [String!]!) { translationsRemove(resourceId: $id, translationKeys: $keys, locales: $locales) { userErrors { code } } }`;

let harness: TestEmulator;
let token: string;
let product: ProductRecord;

async function writes(): Promise<ShopWriteSummary> {
  const response = await fetch(`${harness.emulator.url}/__emulator/writes?shop=${TEST_SHOP}`);
  return ((await response.json()) as { writes: ShopWriteSummary }).writes;
}

beforeAll(async () => {
  harness = await startTestEmulator();
  token = harness.emulator.store.issueAccessToken(TEST_SHOP).token;
  const found = [...harness.emulator.store.requireShop(TEST_SHOP).catalog.all()].find((candidate) => candidate.media.length >= 2);
  if (!found) throw new Error("seed has no product with two images");
  product = found;
});

afterAll(async () => {
  await harness.emulator.close();
});

describe("write log", () => {
  it("counts each written field once and a repeated identical value as a duplicate write", async () => {
    await fetch(`${harness.emulator.url}/__emulator/writes`, { method: "DELETE" });
    const update = (product_: Record<string, unknown>) => adminGraphQL(harness.emulator, token, PRODUCT_UPDATE, { product: { id: product.id, ...product_ } });
    await update({ descriptionHtml: "<p>One.</p>", seo: { title: "Title one" } });
    expect(await writes()).toMatchObject({ writes: 2, duplicateWrites: 0, resources: 1, byField: { descriptionHtml: 1, "seo.title": 1 } });
    await update({ seo: { title: "Title one" } });
    await update({ seo: { title: "Title two" } });
    // A title change alone writes no copy field.
    await update({ title: "Renamed" });
    expect(await writes()).toMatchObject({ writes: 4, duplicateWrites: 1, byField: { "seo.title": 3 } });

    const [first, second] = product.media;
    const altResponse = await adminGraphQL(harness.emulator, token, FILE_UPDATE, { files: [{ id: first?.id, alt: "A" }, { id: second?.id, alt: "B" }] });
    expect(dig(altResponse.body.data, "fileUpdate", "userErrors")).toEqual([]);
    // A refused batch writes nothing.
    await adminGraphQL(harness.emulator, token, FILE_UPDATE, { files: [{ id: first?.id, alt: "C" }, { id: "gid://shopify/MediaImage/999999999", alt: "D" }] });
    expect(await writes()).toMatchObject({ writes: 6, duplicateWrites: 1, resources: 3, byField: { alt: 2 }, byVia: { mutation: 6, bulk: 0 } });
    // the call log tallies the mutations apart: 6 of them so far, each with its requested cost
    const mutations = harness.emulator.store.calls.forShop(TEST_SHOP).mutations;
    expect(mutations.total).toBe(6);
    expect(mutations.requestedCost).toBeGreaterThanOrEqual(6 * 10);
    expect(mutations.actualCost).toBeLessThanOrEqual(mutations.requestedCost);

    const digest = createHash("sha256").update(product.title).digest("hex");
    const register = () => adminGraphQL(harness.emulator, token, REGISTER, { id: product.id, translations: [{ key: "title", value: "Renommé", locale: "fr", translatableContentDigest: digest }] });
    await register();
    await register();
    await adminGraphQL(harness.emulator, token, REMOVE, { id: product.id, keys: ["title"], locales: ["fr"] });
    expect(await writes()).toMatchObject({ writes: 9, duplicateWrites: 2, byField: { translation: 3 } });
  });

  it("is reset per shop and with the emulator", async () => {
    await fetch(`${harness.emulator.url}/__emulator/writes?shop=${TEST_SHOP}`, { method: "DELETE" });
    expect(await writes()).toEqual({ writes: 0, duplicateWrites: 0, resources: 0, byField: {}, byVia: { mutation: 0, bulk: 0 } });
  });
});
