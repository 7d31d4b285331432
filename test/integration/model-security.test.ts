import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { saveConnection, type ConnectionEnvironment } from "~/models/connections.server";
import { BackendRegistry } from "~/models/registry";
import { updateModelSettings } from "~/models/settings.server";
import { testConnection } from "~/models/test-connection.server";
import { createKeyring } from "~/secrets/crypto.server";
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
export async function recordingServer(): Promise<{ url: string; host: string; received: Received[]; close(): Promise<void> }> {
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
