/**
 * Routing Shopify traffic to the emulator: the redirecting fetch on its own,
 * Shopify's own Node library (@shopify/shopify-api) doing token exchange and
 * GraphQL through it, and the `node --import` preload replacing
 * globalThis.fetch before the library captures it.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import "@shopify/shopify-api/adapters/node";
import { LogSeverity, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";
import { createShopifyRedirectFetch } from "./redirect-fetch";
import { startTestEmulator, TEST_API_KEY, TEST_API_SECRET, TEST_SCOPES, TEST_SHOP, type TestEmulator } from "./test-support";

const run = promisify(execFile);

interface RecordedCall {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | null;
}

function recordingFetch(calls: RecordedCall[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    calls.push({ url: request.url, method: request.method, headers: request.headers, body: request.body ? await request.text() : null });
    return new Response("{}", { status: 200 });
  };
}

describe("createShopifyRedirectFetch", () => {
  it("rewrites *.myshopify.com URLs, keeps path and query, and names the shop in a header", async () => {
    const calls: RecordedCall[] = [];
    const redirect = createShopifyRedirectFetch("http://127.0.0.1:4100/", recordingFetch(calls));
    await redirect(`https://demo.myshopify.com/admin/api/${ADMIN_API_VERSION}/graphql.json?x=1`, { method: "POST", headers: { "X-Shopify-Access-Token": "shpat_x" }, body: "{}" });
    await redirect(new URL("https://demo.myshopify.com/admin/oauth/access_token"), { method: "POST", body: "a=b" });
    await redirect(new Request(`https://other.myshopify.com/admin/api/${ADMIN_API_VERSION}/graphql.json`, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"query":"{ shop { name } }"}' }));
    expect(calls.map((call) => [call.method, call.url, call.headers.get("x-plume-emulator-shop")])).toEqual([
      ["POST", `http://127.0.0.1:4100/admin/api/${ADMIN_API_VERSION}/graphql.json?x=1`, "demo.myshopify.com"],
      ["POST", "http://127.0.0.1:4100/admin/oauth/access_token", "demo.myshopify.com"],
      ["POST", `http://127.0.0.1:4100/admin/api/${ADMIN_API_VERSION}/graphql.json`, "other.myshopify.com"],
    ]);
    expect(calls[0]?.headers.get("x-shopify-access-token")).toBe("shpat_x");
    expect(calls[2]?.body).toBe('{"query":"{ shop { name } }"}');
    expect(calls[2]?.headers.get("content-type")).toBe("application/json");
  });

  it("passes every other URL through untouched", async () => {
    const seen: unknown[] = [];
    const base: typeof fetch = async (input) => {
      seen.push(input);
      return new Response(null, { status: 204 });
    };
    const redirect = createShopifyRedirectFetch("http://127.0.0.1:4100", base);
    const request = new Request("https://api.openai.com/v1/responses");
    await redirect(request);
    await redirect("https://shopify.dev/docs");
    await redirect("https://myshopify.com.evil.example/admin");
    expect(seen).toEqual([request, "https://shopify.dev/docs", "https://myshopify.com.evil.example/admin"]);
  });
});

describe("with Shopify's own library", () => {
  let harness: TestEmulator;

  beforeAll(async () => {
    // The library checks session-token expiry against the real clock.
    harness = await startTestEmulator({ now: Date.now });
  });

  afterAll(async () => {
    await harness.emulator.close();
  });

  it("runs @shopify/shopify-api token exchange and a GraphQL request against the emulator", async () => {
    setAbstractFetchFunc(createShopifyRedirectFetch(harness.emulator.url));
    const shopify = shopifyApi({
      apiKey: TEST_API_KEY,
      apiSecretKey: TEST_API_SECRET,
      scopes: TEST_SCOPES.split(","),
      hostName: "plume.example",
      apiVersion: ADMIN_API_VERSION,
      isEmbeddedApp: true,
      logger: { level: LogSeverity.Error, log: async () => undefined },
    });
    const issued = await fetch(`${harness.emulator.url}/__emulator/shops/${TEST_SHOP}/session-tokens`, { method: "POST", body: "{}" });
    const { session_token: sessionToken } = (await issued.json()) as { session_token: string };

    const { session } = await shopify.auth.tokenExchange({ shop: TEST_SHOP, sessionToken, requestedTokenType: RequestedTokenType.OfflineAccessToken, expiring: true });
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires).toBeInstanceOf(Date);

    const client = new shopify.clients.Graphql({ session });
    const response = await client.request<{ shop: { myshopifyDomain: string } }>("query ShopDomain { shop { myshopifyDomain } }");
    expect(response.data?.shop.myshopifyDomain).toBe(TEST_SHOP);
    expect(response.extensions?.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 1 });
    expect(harness.emulator.store.calls.forShop(TEST_SHOP).byOperationName["ShopDomain"]).toBe(1);
  });
});

describe("preload-redirect.mjs", () => {
  let harness: TestEmulator;

  beforeAll(async () => {
    harness = await startTestEmulator();
  });

  afterAll(async () => {
    await harness.emulator.close();
  });

  it("replaces globalThis.fetch before @shopify/shopify-api captures it", async () => {
    const preload = fileURLToPath(new URL("./preload-redirect.mjs", import.meta.url));
    const script = [
      'import "@shopify/shopify-api/adapters/node";',
      'import { abstractFetch } from "@shopify/shopify-api/runtime";',
      `const response = await abstractFetch("https://${TEST_SHOP}/__emulator/healthz");`,
      "process.stdout.write(JSON.stringify({ status: response.status, body: await response.json() }));",
    ].join("\n");
    const { stdout } = await run(process.execPath, ["--import", preload, "--input-type=module", "--eval", script], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: { ...process.env, PLUME_ADMIN_EMULATOR_URL: harness.emulator.url },
    });
    expect(JSON.parse(stdout)).toEqual({ status: 200, body: { ok: true, shops: 2 } });
  });
});
