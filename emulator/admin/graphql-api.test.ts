/**
 * The GraphQL endpoint's gatekeeping: schema validation against Shopify's real
 * 2026-10 schema, loud failures for fields the emulator does not implement,
 * access tokens bound to one shop, access scopes, API version and connection
 * argument rules.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAdminSchema } from "./graphql/schema";
import { adminGraphQL, dig, OTHER_SHOP, startTestEmulator, TEST_SHOP, type TestEmulator } from "./test-support";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";

let harness: TestEmulator;
let token: string;

beforeAll(async () => {
  harness = await startTestEmulator();
  token = harness.emulator.store.issueAccessToken(TEST_SHOP).token;
});

afterAll(async () => {
  await harness.emulator.close();
});

describe("schema validation", () => {
  it("rejects an unknown field with Shopify's (graphql-ruby) message and code, HTTP 200", async () => {
    const response = await adminGraphQL(harness.emulator, token, "{ products(first: 1) { nodes { id colour } } }");
    expect(response.status).toBe(200);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors).toEqual([
      { message: "Field 'colour' doesn't exist on type 'Product'", locations: [{ line: 1, column: 35 }], extensions: { code: "undefinedField", typeName: "Product", fieldName: "colour" } },
    ]);
  });

  it("rejects a syntax error", async () => {
    const response = await adminGraphQL(harness.emulator, token, "{ products(first: 1) { nodes { id }");
    expect(response.status).toBe(200);
    expect(response.body.errors?.[0]?.extensions?.["code"]).toBe("parseError");
  });

  it("still has productUpdate(input:) in 2026-10, deprecated, and refuses to emulate it", async () => {
    const field = loadAdminSchema().schema.getMutationType()?.getFields()["productUpdate"];
    const inputArgument = field?.args.find((argument) => argument.name === "input");
    expect(inputArgument?.deprecationReason).toBe("Use `product` instead.");
    const product = harness.emulator.store.requireShop(TEST_SHOP).catalog.all()[0];
    const response = await adminGraphQL(
      harness.emulator,
      token,
      "mutation ($input: ProductInput!) { productUpdate(input: $input) { product { id } userErrors { field message } } }",
      { input: { id: product?.id, title: "Old form" } },
    );
    expect(response.body.errors?.[0]?.message).toMatch(/^productUpdate\(input:\), deprecated in favour of productUpdate\(product:\), is not emulated$/);
    expect(product?.title).not.toBe("Old form");
  });

  it("fails loudly for a valid field the emulator does not implement, never a silent null", async () => {
    const response = await adminGraphQL(harness.emulator, token, "{ products(first: 1) { nodes { title giftCardTemplateSuffix } } }");
    expect(typeof dig(response.body.data, "products", "nodes", 0, "title")).toBe("string");
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: "Product.giftCardTemplateSuffix is not emulated",
        path: ["products", "nodes", 0, "giftCardTemplateSuffix"],
        extensions: expect.objectContaining({ code: "NOT_EMULATED" }),
      }),
    ]);
  });

  it("requires first or last on connections, at most 250", async () => {
    const missing = await adminGraphQL(harness.emulator, token, "{ products { nodes { id } } }");
    expect(missing.body.errors?.[0]?.message).toBe("you must provide one of first or last");
    expect(missing.body.errors?.[0]?.path).toEqual(["products"]);
    const tooMany = await adminGraphQL(harness.emulator, token, "{ products(first: 251) { nodes { id } } }");
    expect(tooMany.body.errors?.[0]?.message).toMatch(/must be less than or equal to 250/);
    expect(tooMany.body.data).toBeUndefined();
  });

  it("limits input arrays to 250 items (MAX_INPUT_SIZE_EXCEEDED)", async () => {
    const ids = Array.from({ length: 251 }, (_, index) => `gid://shopify/Product/${index + 1}`);
    const response = await adminGraphQL(harness.emulator, token, "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", { ids });
    expect(response.body.errors?.[0]?.extensions?.["code"]).toBe("MAX_INPUT_SIZE_EXCEEDED");
  });
});

describe("authentication and routing", () => {
  it("answers 401 with Shopify's body for a missing token", async () => {
    const response = await adminGraphQL(harness.emulator, "", "{ shop { name } }");
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  });

  it("refuses a token issued for another shop", async () => {
    const otherToken = harness.emulator.store.issueAccessToken(OTHER_SHOP).token;
    const own = await adminGraphQL(harness.emulator, otherToken, "{ shop { myshopifyDomain } }", {}, { shop: OTHER_SHOP });
    expect(dig(own.body.data, "shop", "myshopifyDomain")).toBe(OTHER_SHOP);
    const crossShop = await adminGraphQL(harness.emulator, otherToken, "{ shop { myshopifyDomain } }", {}, { shop: TEST_SHOP });
    expect(crossShop.status).toBe(401);
    expect(crossShop.body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  });

  it("answers 404 for an unknown shop and for an API version other than the app's", async () => {
    const unknownShop = await adminGraphQL(harness.emulator, token, "{ shop { name } }", {}, { shop: "nope.myshopify.com" });
    expect(unknownShop.status).toBe(404);
    const otherVersion = await adminGraphQL(harness.emulator, token, "{ shop { name } }", {}, { version: "2025-01" });
    expect(otherVersion.status).toBe(404);
  });

  it("identifies the shop from a *.myshopify.com Host header too", async () => {
    // fetch may not set Host, so this goes through node:http like a proxy would.
    const body = await new Promise<string>((resolve, reject) => {
      const request = httpRequest(
        `${harness.emulator.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`,
        { method: "POST", headers: { "Content-Type": "application/graphql", "X-Shopify-Access-Token": token, Host: TEST_SHOP } },
        (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
          response.on("end", () => resolve(text));
        },
      );
      request.on("error", reject);
      request.end("{ shop { myshopifyDomain } }");
    });
    expect(dig(JSON.parse(body), "data", "shop", "myshopifyDomain")).toBe(TEST_SHOP);
  });

  it("returns ACCESS_DENIED when the token lacks the scope a field needs", async () => {
    const narrow = harness.emulator.store.issueAccessToken(TEST_SHOP, { scopes: "read_products" }).token;
    const product = harness.emulator.store.requireShop(TEST_SHOP).catalog.all()[0];
    const response = await adminGraphQL(harness.emulator, narrow, "query ($id: ID!) { productsCount { count } translatableResource(resourceId: $id) { resourceId } }", { id: product?.id });
    const codes = response.body.errors?.map((error) => error.extensions?.["code"]);
    expect(codes).toEqual(["ACCESS_DENIED"]);
    expect(response.body.errors?.[0]?.message).toBe("Access denied for translatableResource field. Required access: `read_translations` access scope.");
    expect(dig(response.body.data, "productsCount", "count")).toBe(60);
    expect(dig(response.body.data, "translatableResource")).toBeNull();
  });

  it("answers 400 when the body has no query", async () => {
    const response = await fetch(`${harness.emulator.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "x-plume-emulator-shop": TEST_SHOP },
      body: JSON.stringify({ variables: {} }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: { query: "Required parameter missing or invalid" } });
  });
});
