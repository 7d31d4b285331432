/**
 * The writes Plume makes: productUpdate (with Shopify's limits and the
 * products/update webhook it triggers), fileUpdate for alt text, and
 * translations with their content digests.
 */
import { createHash, createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProductRecord } from "./store/records";
import { adminGraphQL, dig, startTestEmulator, startWebhookReceiver, TEST_API_SECRET, TEST_SHOP, type TestEmulator, type WebhookReceiver } from "./test-support";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";

const PRODUCT_UPDATE = `mutation UpdateCopy($product: ProductUpdateInput!) {
  productUpdate(product: $product) {
    product { id title handle descriptionHtml seo { title description } tags updatedAt }
    userErrors { field message }
  }
}`;

let harness: TestEmulator;
let receiver: WebhookReceiver;
let token: string;
let products: readonly ProductRecord[];

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  harness = await startTestEmulator({ appUrl: receiver.url, webhooks: [{ topic: "products/update", uri: "/webhooks/products/update" }] });
  token = harness.emulator.store.issueAccessToken(TEST_SHOP).token;
  products = [...harness.emulator.store.requireShop(TEST_SHOP).catalog.all()];
});

afterAll(async () => {
  await harness.emulator.close();
  await receiver.close();
});

function productWithMedia(): ProductRecord {
  const product = products.find((candidate) => candidate.media.length > 0);
  if (!product) throw new Error("seed has no product with media");
  return product;
}

describe("productUpdate", () => {
  it("keeps the stored SEO field an SEOInput omits (both fields are optional in 2026-10) and clears one sent empty", async () => {
    const product = products[1] as ProductRecord;
    const update = async (seo: Record<string, string>) => {
      const response = await adminGraphQL(harness.emulator, token, PRODUCT_UPDATE, { product: { id: product.id, seo } });
      expect(response.body.errors).toBeUndefined();
      return dig(response.body.data, "productUpdate", "product", "seo");
    };
    await update({ title: "Stored title", description: "Stored description." });
    expect(await update({ title: "New title" })).toEqual({ title: "New title", description: "Stored description." });
    expect(await update({ description: "New description." })).toEqual({ title: "New title", description: "New description." });
    expect(await update({ title: "" })).toEqual({ title: null, description: "New description." });
  });

  it("updates copy and SEO, stamps updatedAt and sends a signed products/update webhook", async () => {
    const product = products[0] as ProductRecord;
    harness.clock.advance(60_000);
    const response = await adminGraphQL(harness.emulator, token, PRODUCT_UPDATE, {
      product: { id: product.id, title: "Sunlit Linen Shirt", descriptionHtml: "<p>Cool, crisp linen.</p>", seo: { title: "Sunlit Linen Shirt | Plume", description: "Cool, crisp linen for hot days." }, tags: ["linen", "summer"] },
    });
    expect(response.body.errors).toBeUndefined();
    expect(dig(response.body.data, "productUpdate")).toEqual({
      product: {
        id: product.id,
        title: "Sunlit Linen Shirt",
        handle: product.handle,
        descriptionHtml: "<p>Cool, crisp linen.</p>",
        seo: { title: "Sunlit Linen Shirt | Plume", description: "Cool, crisp linen for hot days." },
        tags: ["linen", "summer"],
        updatedAt: new Date(harness.clock.current).toISOString().replace(/\.\d{3}Z$/, "Z"),
      },
      userErrors: [],
    });

    await harness.emulator.store.webhooks.settled();
    const webhook = receiver.received.find((entry) => JSON.parse(entry.rawBody).id === product.legacyId);
    expect(webhook?.path).toBe("/webhooks/products/update");
    expect(webhook?.headers["x-shopify-topic"]).toBe("products/update");
    expect(webhook?.headers["x-shopify-shop-domain"]).toBe(TEST_SHOP);
    expect(webhook?.headers["x-shopify-api-version"]).toBe(ADMIN_API_VERSION);
    expect(webhook?.headers["content-type"]).toBe("application/json");
    expect(webhook?.headers["x-shopify-webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(webhook?.headers["x-shopify-hmac-sha256"]).toBe(createHmac("sha256", TEST_API_SECRET).update(webhook?.rawBody ?? "").digest("base64"));
    const body = JSON.parse(webhook?.rawBody ?? "{}") as Record<string, unknown>;
    expect(body).toMatchObject({ admin_graphql_api_id: product.id, title: "Sunlit Linen Shirt", body_html: "<p>Cool, crisp linen.</p>", tags: "linen, summer", status: product.status.toLowerCase() });
  });

  it("rejects over-limit input with Shopify's field paths and leaves the product untouched", async () => {
    const product = products[1] as ProductRecord;
    const before = product.title;
    const response = await adminGraphQL(harness.emulator, token, PRODUCT_UPDATE, {
      product: { id: product.id, title: "x".repeat(256), seo: { title: "y".repeat(71), description: "z".repeat(321) }, handle: "Not A Handle!" },
    });
    expect(dig(response.body.data, "productUpdate")).toEqual({
      product: null,
      userErrors: [
        { field: ["title"], message: "Title is too long (maximum is 255 characters)" },
        { field: ["handle"], message: "Handle is invalid" },
        { field: ["seo", "title"], message: "Meta title is too long (maximum is 70 characters)" },
        { field: ["seo", "description"], message: "Meta description is too long (maximum is 320 characters)" },
      ],
    });
    expect(product.title).toBe(before);
  });

  it("refuses a handle another product uses and an unknown product id", async () => {
    const [first, second] = [products[2] as ProductRecord, products[3] as ProductRecord];
    const taken = await adminGraphQL(harness.emulator, token, PRODUCT_UPDATE, { product: { id: first.id, handle: second.handle } });
    expect(dig(taken.body.data, "productUpdate", "userErrors")).toEqual([{ field: ["handle"], message: `Handle '${second.handle}' already in use. Please provide a new handle.` }]);
    const missing = await adminGraphQL(harness.emulator, token, PRODUCT_UPDATE, { product: { id: "gid://shopify/Product/1", title: "Ghost" } });
    expect(dig(missing.body.data, "productUpdate")).toEqual({ product: null, userErrors: [{ field: ["id"], message: "Product does not exist" }] });
  });
});

describe("fileUpdate", () => {
  const FILE_UPDATE = "mutation ($files: [FileUpdateInput!]!) { fileUpdate(files: $files) { files { id alt ... on MediaImage { image { altText } } } userErrors { field message code } } }";

  it("sets alt text on a product image", async () => {
    const media = productWithMedia().media[0];
    const response = await adminGraphQL(harness.emulator, token, FILE_UPDATE, { files: [{ id: media?.id, alt: "Model wearing the linen shirt, front view" }] });
    expect(dig(response.body.data, "fileUpdate")).toEqual({
      files: [{ id: media?.id, alt: "Model wearing the linen shirt, front view", image: { altText: "Model wearing the linen shirt, front view" } }],
      userErrors: [],
    });
  });

  it("rejects alt text over 512 characters with ALT_VALUE_LIMIT_EXCEEDED", async () => {
    const media = productWithMedia().media[0];
    const response = await adminGraphQL(harness.emulator, token, FILE_UPDATE, { files: [{ id: media?.id, alt: "a".repeat(513) }] });
    expect(dig(response.body.data, "fileUpdate")).toEqual({
      files: null,
      userErrors: [{ field: ["files", "0", "alt"], message: "The alt value exceeds the maximum limit of 512 characters.", code: "ALT_VALUE_LIMIT_EXCEEDED" }],
    });
  });
});

describe("translations", () => {
  const RESOURCE = `query ($id: ID!) { translatableResource(resourceId: $id) { resourceId translatableContent { key value digest locale } translations(locale: "fr") { key value outdated } } }`;
  const REGISTER = `mutation ($id: ID!, $translations: [TranslationInput!]!) { translationsRegister(resourceId: $id, translations: $translations) { translations { key value locale } userErrors { field message code } } }`;

  it("exposes translatable content with SHA-256 digests of the source values", async () => {
    const product = products[10] as ProductRecord;
    const response = await adminGraphQL(harness.emulator, token, RESOURCE, { id: product.id });
    const content = dig(response.body.data, "translatableResource", "translatableContent") as { key: string; value: string | null; digest: string | null; locale: string }[];
    expect(content.map((entry) => entry.key)).toEqual(["title", "body_html", "handle", "product_type", "meta_title", "meta_description"]);
    const title = content.find((entry) => entry.key === "title");
    expect(title).toEqual({ key: "title", value: product.title, digest: createHash("sha256").update(product.title).digest("hex"), locale: "en" });
  });

  it("registers a translation with the right digest and refuses a stale digest and an unknown locale", async () => {
    const product = products[11] as ProductRecord;
    const digest = createHash("sha256").update(product.title).digest("hex");
    const response = await adminGraphQL(harness.emulator, token, REGISTER, {
      id: product.id,
      translations: [
        { key: "title", value: "Chemise en lin", locale: "fr", translatableContentDigest: digest },
        { key: "title", value: "Hemd", locale: "de", translatableContentDigest: "0".repeat(64) },
        { key: "title", value: "Camisa", locale: "es", translatableContentDigest: digest },
      ],
    });
    expect(dig(response.body.data, "translationsRegister")).toEqual({
      translations: [{ key: "title", value: "Chemise en lin", locale: "fr" }],
      userErrors: [
        { field: ["translations", "1", "translatableContentDigest"], message: "Translatable content hash is invalid", code: "INVALID_TRANSLATABLE_CONTENT" },
        { field: ["translations", "2", "locale"], message: "Locale is not enabled for this shop", code: "INVALID_LOCALE_FOR_SHOP" },
      ],
    });
  });

  it("marks a translation outdated once the source text changes", async () => {
    const product = products[11] as ProductRecord;
    const fresh = await adminGraphQL(harness.emulator, token, RESOURCE, { id: product.id });
    expect(dig(fresh.body.data, "translatableResource", "translations")).toEqual([{ key: "title", value: "Chemise en lin", outdated: false }]);
    await adminGraphQL(harness.emulator, token, PRODUCT_UPDATE, { product: { id: product.id, title: "Linen Shirt, Relaxed" } });
    const stale = await adminGraphQL(harness.emulator, token, RESOURCE, { id: product.id });
    expect(dig(stale.body.data, "translatableResource", "translations")).toEqual([{ key: "title", value: "Chemise en lin", outdated: true }]);
  });

  it("translates image alt text as MEDIA_IMAGE resources", async () => {
    const media = productWithMedia().media[0];
    if (media) media.alt = "Linen shirt, front view";
    const resources = await adminGraphQL(harness.emulator, token, "{ translatableResources(resourceType: MEDIA_IMAGE, first: 2) { nodes { resourceId translatableContent { key } } } }");
    expect(dig(resources.body.data, "translatableResources", "nodes", 0, "translatableContent")).toEqual([{ key: "alt" }]);
    // Read the digest the way an app does: from the resource's translatable content.
    const resource = await adminGraphQL(harness.emulator, token, RESOURCE, { id: media?.id });
    const digest = dig(resource.body.data, "translatableResource", "translatableContent", 0, "digest");
    expect(digest).toBe(createHash("sha256").update(media?.alt ?? "").digest("hex"));
    const response = await adminGraphQL(harness.emulator, token, REGISTER, {
      id: media?.id,
      translations: [{ key: "alt", value: "Chemise en lin, vue de face", locale: "fr", translatableContentDigest: digest }],
    });
    expect(dig(response.body.data, "translationsRegister", "userErrors")).toEqual([]);
  });
});
