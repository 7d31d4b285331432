/**
 * `ProductVariant.media`: the images a variant uses, resolved from the store.
 * The seed links a colour variant to the product image at its colour's index in
 * the Color option; products without a colour option have no variant images.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { variantMedia } from "./store/records";
import { adminGraphQL, dig, startTestEmulator, TEST_SHOP, type TestEmulator } from "./test-support";

let harness: TestEmulator;
let token: string;

beforeAll(async () => {
  harness = await startTestEmulator();
  token = harness.emulator.store.issueAccessToken(TEST_SHOP).token;
});

afterAll(async () => {
  await harness.emulator.close();
});

describe("ProductVariant.media", () => {
  it("gives each colour variant the image at its colour's index, over HTTP", async () => {
    const product = harness.emulator.store
      .requireShop(TEST_SHOP)
      .catalog.all()
      .find((candidate) => {
        const colour = candidate.options.find((option) => option.name === "Color");
        return colour !== undefined && colour.values.length >= 2 && candidate.media.length >= 2;
      });
    if (!product) throw new Error("the seeded catalog has no product with two colours and two images");
    const colour = product.options.find((option) => option.name === "Color")!;
    const response = await adminGraphQL(
      harness.emulator,
      token,
      `query ($id: ID!) { product(id: $id) { variants(first: 50) { nodes { title selectedOptions { name value } media(first: 3) { nodes { id } } } } } }`,
      { id: `gid://shopify/Product/${product.legacyId}` },
    );
    expect(response.body.errors).toBeUndefined();
    const variants = dig(response.body, "data", "product", "variants", "nodes") as Array<{ selectedOptions: Array<{ name: string; value: string }>; media: { nodes: Array<{ id: string }> } }>;
    expect(variants.length).toBeGreaterThan(0);
    for (const variant of variants) {
      const value = variant.selectedOptions.find((selected) => selected.name === "Color")!.value;
      const image = product.media[colour.values.indexOf(value)];
      expect(variant.media.nodes).toEqual(image ? [{ id: image.id }] : []);
    }
    // Two different colours use two different images.
    const ids = new Set(variants.flatMap((variant) => variant.media.nodes.map((node) => node.id)));
    expect(ids.size).toBeGreaterThanOrEqual(2);
  });

  it("links no image for a product without a colour option", () => {
    const product = harness.emulator.store
      .requireShop(TEST_SHOP)
      .catalog.all()
      .find((candidate) => !candidate.options.some((option) => /colou?r|couleur|farbe/i.test(option.name)) && candidate.media.length > 0);
    if (!product) throw new Error("the seeded catalog has no product with images and no colour option");
    for (const variant of product.variants) expect(variantMedia(product, variant)).toEqual([]);
  });
});
