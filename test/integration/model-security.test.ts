import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { saveConnection, type ConnectionEnvironment } from "~/models/connections.server";
import { scalewayBackend } from "~/models/backends/scaleway";
import { templatesBackend } from "~/models/backends/templates";
import { ModelCallError } from "~/models/errors";
import { generateStructured } from "~/models/generate.server";
import { BackendRegistry } from "~/models/registry";
import { updateModelSettings } from "~/models/settings.server";
import { testConnection } from "~/models/test-connection.server";
import { createKeyring } from "~/secrets/crypto.server";
import { z } from "zod";
import { startProviderEmulator, type RunningProviderEmulator } from "../../emulator/providers/server";
import { freshSqlite, type TestDatabase } from "../support/databases";

/**
 * Where keys may go, over real HTTP: the EU switch stops a connection test
 * before any request, and local servers stand in for hosts a merchant controls.
 */
let providers: RunningProviderEmulator;
let testDatabase: TestDatabase;
let registry: BackendRegistry;
const keyring = createKeyring({ version: 1, key: Buffer.alloc(32, 5).toString("base64") });

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
}

/** A plain HTTP server that records what reaches it and answers 401. */
async function recordingServer(): Promise<{ url: string; host: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    received.push({ path: request.url ?? "", headers: request.headers });
    request.resume();
    response.writeHead(401, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { message: "no", type: "invalid_request_error" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    host: `127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  providers = await startProviderEmulator();
  testDatabase = await freshSqlite();
  registry = BackendRegistry.withExtras([{ id: "emulated-openai", extends: "openai", label: "OpenAI (emulated)", baseUrl: providers.baseUrls.openai, emulated: true }]);
});

afterAll(async () => {
  await Promise.all([providers.close(), testDatabase.close()]);
});

beforeEach(() => providers.reset());

describe("connection test and the EU / self-hosted switch", () => {
  it("refuses to test a US backend when the shop is EU-only, before any request", async () => {
    const shop = "eu-only.myshopify.com";
    const connections: ConnectionEnvironment = { keyring, endpointPolicy: { allowedHosts: [new URL(providers.url).host] }, operatorKeys: {} };
    await saveConnection(testDatabase.database, connections, registry.get("emulated-openai"), shop, { apiKey: "sk-emulated-openai" });
    await updateModelSettings(testDatabase.database, registry, shop, { euOnly: true });
    const attempt = testConnection({ database: testDatabase.database, registry, connections, monthlyBudgetMicros: null }, shop, "emulated-openai", "gpt-6-luna");
    await expect(attempt).rejects.toMatchObject({ name: "InvalidModelSettingsError", code: "not_allowed_eu_only" });
    expect(providers.requests).toEqual([]);
  });

  it("still tests a US backend when the switch is off", async () => {
    const shop = "anywhere.myshopify.com";
    const connections: ConnectionEnvironment = { keyring, endpointPolicy: { allowedHosts: [new URL(providers.url).host] }, operatorKeys: {} };
    await saveConnection(testDatabase.database, connections, registry.get("emulated-openai"), shop, { apiKey: "sk-emulated-openai" });
    const result = await testConnection({ database: testDatabase.database, registry, connections, monthlyBudgetMicros: null }, shop, "emulated-openai", "gpt-6-luna");
    expect(result.kind).toBe("ok");
    expect(providers.requests.length).toBeGreaterThan(0);
  });
});

describe("operator keys stay on the operator's endpoint", () => {
  const OPERATOR_KEY = "op-shared-secret-key-0001";
  const ping = async (context: Parameters<typeof generateStructured>[0], shop: string) =>
    generateStructured(context, { shop, purpose: "test", schema: z.object({ ok: z.boolean() }), instructions: "ping", data: "ping", maxOutputTokens: 10 }).catch((error: unknown) => error);

  it.each([
    ["saved with use-operator-key on", { useOperatorKey: true }],
    ["saved without an own key (operator key by default)", {}],
  ])("a merchant's own base URL never receives the operator key (%s)", async (_name, flags) => {
    const operatorHost = await recordingServer();
    const merchantHost = await recordingServer();
    try {
      const shop = `operator-key-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;
      const operatorScaleway = { ...scalewayBackend, defaultBaseUrl: operatorHost.url };
      const registry = new BackendRegistry([templatesBackend, operatorScaleway]);
      const connections: ConnectionEnvironment = {
        keyring,
        endpointPolicy: { allowedHosts: [operatorHost.host, merchantHost.host] },
        operatorKeys: { scaleway: OPERATOR_KEY },
      };
      await saveConnection(testDatabase.database, connections, operatorScaleway, shop, { baseUrl: merchantHost.url, ...flags });
      const context = {
        database: testDatabase.database,
        registry,
        connections,
        policy: { chain: [{ backendId: "scaleway", modelId: "mistral-small-3.2-24b-instruct-2506" }], euOnly: false, monthlyBudgetMicros: null },
        retry: { maxAttempts: 1 },
      };
      const outcome = await ping(context, shop);
      expect(outcome).toBeInstanceOf(ModelCallError);
      const test = await testConnection({ database: testDatabase.database, registry, connections, monthlyBudgetMicros: null }, shop, "scaleway", "mistral-small-3.2-24b-instruct-2506");
      expect(test.ok).toBe(false);
      for (const request of merchantHost.received) expect(JSON.stringify(request.headers)).not.toContain(OPERATOR_KEY);
      expect(merchantHost.received).toEqual([]);
    } finally {
      await Promise.all([operatorHost.close(), merchantHost.close()]);
    }
  });

  it("the operator key still reaches the operator's own endpoint", async () => {
    const operatorHost = await recordingServer();
    try {
      const shop = "operator-default.myshopify.com";
      const operatorScaleway = { ...scalewayBackend, defaultBaseUrl: operatorHost.url };
      const connections: ConnectionEnvironment = { keyring, endpointPolicy: { allowedHosts: [operatorHost.host] }, operatorKeys: { scaleway: OPERATOR_KEY } };
      await saveConnection(testDatabase.database, connections, operatorScaleway, shop, { useOperatorKey: true });
      await ping(
        {
          database: testDatabase.database,
          registry: new BackendRegistry([templatesBackend, operatorScaleway]),
          connections,
          policy: { chain: [{ backendId: "scaleway", modelId: "mistral-small-3.2-24b-instruct-2506" }], euOnly: false, monthlyBudgetMicros: null },
          retry: { maxAttempts: 1 },
        },
        shop,
      );
      expect(operatorHost.received[0]?.headers.authorization).toBe(`Bearer ${OPERATOR_KEY}`);
    } finally {
      await operatorHost.close();
    }
  });
});
