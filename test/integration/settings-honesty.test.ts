import { decode } from "turbo-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import database from "~/db.server";
import { redactShop } from "~/shops/lifecycle.server";
import { startProviderEmulator, type RunningProviderEmulator } from "../../emulator/providers/server";
import { TEST_ENVIRONMENT } from "../support/environment";
import { loadRemixApp } from "../support/remix-app";
import { sessionToken } from "../support/requests";
import { installOfflineSession } from "../support/sessions";

/**
 * Issue 11, through the real Settings route with a session token: every answer
 * says what actually happened — nothing stored, a malformed key, each URL
 * problem by its own name, a fallback that repeats the primary — as an
 * ordinary answer the page shows (never a 400), and the monthly budget never
 * stops a backend that costs nothing.
 */
const SHOP = "settings-honesty.myshopify.com";
let app: Awaited<ReturnType<typeof loadRemixApp>>;
let providers: RunningProviderEmulator;
let token: string;

type Answer = { ok: boolean; intent: string; error?: string; field?: string; test?: { ok: boolean; kind: string } };

beforeAll(async () => {
  providers = await startProviderEmulator();
  // Read when the app first builds its registry: an emulated OpenAI and a self-hosted Ollama on the emulator.
  process.env.PLUME_EXTRA_BACKENDS = JSON.stringify([
    { id: "emulated-openai", extends: "openai", label: "OpenAI (emulated)", baseUrl: providers.baseUrls.openai, emulated: true },
    { id: "emulated-ollama", extends: "ollama", label: "Ollama (emulated)", baseUrl: `${providers.baseUrls.ollama}/v1`, models: ["llama3.2:latest"], emulated: true },
  ]);
  process.env.PLUME_ALLOWED_MODEL_HOSTS = new URL(providers.url).host;
  app = await loadRemixApp();
  await installOfflineSession(database, SHOP);
  await database.shop.create({ data: { shop: SHOP, scopes: TEST_ENVIRONMENT.SCOPES } });
  token = await sessionToken(SHOP);
});

afterAll(async () => {
  await redactShop(database, SHOP);
  await Promise.all([app.close(), providers.close()]);
});

async function post(fields: Record<string, string>): Promise<Answer> {
  const response = await app.handle(
    new Request(new URL("/app/settings.data", TEST_ENVIRONMENT.SHOPIFY_APP_URL), {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      body: new URLSearchParams(fields),
    }),
  );
  expect(response.status, fields.intent).toBe(200);
  const decoded = await decode(response.body!);
  await decoded.done;
  // A single-fetch action answer: { data } for the route.
  return (decoded.value as { data: Answer }).data;
}

describe("Settings answers say what happened", () => {
  it("an empty key stores nothing and says so, at the key field", async () => {
    const answer = await post({ intent: "save-connection", backendId: "openai", apiKey: "" });
    expect(answer).toMatchObject({ ok: false, error: "nothing_to_save", field: "apiKey" });
    expect(await database.backendConnection.findUnique({ where: { shop_backendId: { shop: SHOP, backendId: "openai" } } })).toBeNull();
  });

  it("a malformed key is refused at the key field, and one already stored is reported as malformed, not as a provider outage", async () => {
    expect(await post({ intent: "save-connection", backendId: "openai", apiKey: "sk-proj abc\u2014def" })).toMatchObject({ ok: false, error: "malformed_key", field: "apiKey" });
    // A key stored before the check existed: the test names the key, not the provider.
    const { saveConnection } = await import("~/models/connections.server");
    const { connectionEnvironment } = await import("~/models/runtime.server");
    const { BackendRegistry } = await import("~/models/registry");
    const registry = BackendRegistry.withExtras(JSON.parse(process.env.PLUME_EXTRA_BACKENDS!));
    await saveConnection(database, connectionEnvironment(), registry.get("emulated-openai"), SHOP, { apiKey: "sk-emulated\u2014openai" });
    const answer = await post({ intent: "test-connection", backendId: "emulated-openai", modelId: "gpt-6-luna" });
    expect(answer.test).toMatchObject({ ok: false, kind: "malformed_key" });
  });

  it("gives each endpoint problem its own reason, at the URL field", async () => {
    const reasons: Record<string, string> = {
      "not a url": "invalid_url",
      "ftp://models.example.com/v1": "unsupported_scheme",
      "https://no-such-host.invalid/v1": "host_not_found",
      "http://10.1.2.3/v1": "unsafe_endpoint",
    };
    for (const [baseUrl, error] of Object.entries(reasons)) {
      expect(await post({ intent: "save-connection", backendId: "custom", apiKey: "", baseUrl }), baseUrl).toMatchObject({ ok: false, error, field: "baseUrl" });
    }
  });

  it("refuses a fallback that is the primary backend and model", async () => {
    expect(await post({ intent: "save-model", backendId: "emulated-openai", modelId: "gpt-6-luna" })).toMatchObject({ ok: true });
    const answer = await post({ intent: "save-fallbacks", fallbacks: JSON.stringify([{ backendId: "emulated-openai", modelId: "gpt-6-luna" }]) });
    expect(answer).toMatchObject({ ok: false, error: "fallback_is_primary" });
    expect(await post({ intent: "save-fallbacks", fallbacks: JSON.stringify([{ backendId: "templates", modelId: "default" }, { backendId: "templates", modelId: "default" }]) })).toMatchObject({
      ok: false,
      error: "fallback_repeated",
    });
  });

  it("with the month's budget spent, Templates and a self-hosted Ollama still pass the connection test", async () => {
    expect(await post({ intent: "save-budget", monthlyBudgetUsd: "1" })).toMatchObject({ ok: true });
    const { recordUsage } = await import("~/models/ledger.server");
    await recordUsage(database, {
      shop: SHOP,
      backendId: "openai",
      modelId: "gpt-4.1",
      purpose: "product-copy",
      inputTokens: 1,
      cachedInputTokens: 0,
      cacheWriteInputTokens: 0,
      outputTokens: 1,
      costMicros: 2_000_000,
      priceTableDate: "2026-01-01",
      latencyMs: 1,
      outcome: "ok",
      attempt: 1,
    });
    expect((await post({ intent: "test-connection", backendId: "templates", modelId: "default" })).test).toMatchObject({ ok: true, kind: "ok" });
    expect((await post({ intent: "test-connection", backendId: "emulated-ollama", modelId: "llama3.2:latest" })).test).toMatchObject({ ok: true, kind: "ok" });
    // A paid backend is still stopped by the spent budget.
    await saveConnectionKey("emulated-openai", "sk-emulated-openai");
    expect((await post({ intent: "test-connection", backendId: "emulated-openai", modelId: "gpt-6-luna" })).test).toMatchObject({ ok: false, kind: "budget_exceeded" });
  });
});

async function saveConnectionKey(backendId: string, apiKey: string) {
  expect(await post({ intent: "save-connection", backendId, apiKey })).toMatchObject({ ok: true });
}
