import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncCatalog } from "~/catalog/catalog-index.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import { JobRunner } from "~/jobs/runner.server";
import { estimateJob } from "~/jobs/estimate.server";
import { jobProgress, startJob } from "~/jobs/service.server";
import { saveConnection, type ConnectionEnvironment } from "~/models/connections.server";
import { BackendRegistry } from "~/models/registry";
import { InMemoryProviderGate } from "~/pacing/provider-gate";
import { createKeyring } from "~/secrets/crypto.server";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { startProviderEmulator, type RunningProviderEmulator } from "../../emulator/providers/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshSqlite, type TestDatabase } from "../support/databases";

/**
 * A bulk job against a provider with a low requests-per-minute limit (the provider emulator's limiter answers 429
 * with retry-after beyond it, as OpenAI does): the runner paces its calls through the shop+backend gate, which learns
 * the limit from the rate-limit headers and a 429, so the job finishes with no failed item and few 429s, instead of
 * every in-flight item hitting the limit and retrying on its own clock.
 */
const SHOP = "pacing-jobs.myshopify.com";
const PRODUCTS = 12;
const REQUESTS_PER_MINUTE = 240;

let admin: RunningAdminEmulator;
let providers: RunningProviderEmulator;
let testDatabase: TestDatabase;

beforeAll(async () => {
  admin = await startAdminEmulator({
    apiKey: "k",
    apiSecret: "s",
    scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
    plan: "plus",
    bulkDelayMs: 5,
    shops: [{ domain: SHOP, seed: { products: PRODUCTS, seed: 71 } }],
  });
  providers = await startProviderEmulator({ rateLimit: { requestsPerMinute: REQUESTS_PER_MINUTE, tokensPerMinute: 10_000_000 } });
  testDatabase = await freshSqlite();
});

afterAll(async () => {
  await Promise.all([admin.close(), providers.close(), testDatabase.close()]);
});

describe("a bulk job paced by the provider gate", () => {
  it("keeps to the provider's requests per minute: no failed item and at most a couple of 429s with eight items in flight", async () => {
    const database = testDatabase.database;
    const registry = BackendRegistry.withExtras([{ id: "emulated-openai", extends: "openai", label: "OpenAI (emulated)", baseUrl: providers.baseUrls.openai, emulated: true }]);
    const connections: ConnectionEnvironment = {
      keyring: createKeyring({ version: 1, key: Buffer.alloc(32, 7).toString("base64") }),
      endpointPolicy: { allowedHosts: [new URL(providers.url).host] },
      operatorKeys: {},
    };
    const client = emulatorAdminClient(admin, SHOP);
    await syncCatalog(client, database, SHOP, { pollIntervalMs: 10 });
    await saveConnection(database, connections, registry.get("emulated-openai"), SHOP, { apiKey: "sk-emulated-openai" });
    await saveCopySettings(database, SHOP, copySettingsSchema.parse({ writePolicy: "overwrite" }));
    const gate = new InMemoryProviderGate();
    const runner = new JobRunner({ database, adminFor: async () => client, environment: { registry, connections }, providerGate: gate }, { concurrency: 8, idleMs: 20 });
    const job = await startJob({ database, dispatcher: { notify: () => runner.notify() }, environment: { registry, connections } }, client, {
      shop: SHOP,
      actor: "m",
      job: { request: { fields: ["seoTitle", "metaDescription"], locales: ["en"], backendId: "emulated-openai", modelId: "gpt-6-luna" }, selection: { kind: "all" }, mode: "auto_apply" },
    });
    runner.start();
    const deadline = Date.now() + 60_000;
    while ((await jobProgress(database, SHOP, job.id)).status !== "completed") {
      if (Date.now() > deadline) throw new Error("the paced job did not finish in 60 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await runner.stop();
    const progress = await jobProgress(database, SHOP, job.id);
    const openai = providers.requests.filter((request) => request.provider === "openai");
    const limited = openai.filter((request) => request.status === 429).length;
    // The emulator's bucket holds REQUESTS_PER_MINUTE / 60 … per second; unpaced, eight items in flight at the start
    // would exceed it at once and keep retrying; paced, the gate learns the ceiling from the first answer's headers.
    expect(limited).toBeLessThanOrEqual(2);
    expect(progress.counts.failed).toBe(0);
    expect(progress.counts.applied).toBe(PRODUCTS);
    expect(gate.rate({ shop: SHOP, backendId: "emulated-openai" })).toBeLessThanOrEqual(REQUESTS_PER_MINUTE / 60);

    // The next estimate for this shop and backend counts the limits the provider stated: 12 calls at 240 a minute take 3 s at least.
    const again = { request: { fields: ["seoTitle", "metaDescription"] as Array<"seoTitle" | "metaDescription">, locales: ["en"], backendId: "emulated-openai", modelId: "gpt-6-luna" }, selection: { kind: "all" as const }, mode: "auto_apply" as const };
    const informed = await estimateJob(client, database, SHOP, again, { environment: { registry, connections }, providerGate: gate });
    expect(informed.limits.requestsPerMinute).toBe(REQUESTS_PER_MINUTE);
    expect(informed.durationSeconds).toBeGreaterThanOrEqual((PRODUCTS * 60) / REQUESTS_PER_MINUTE);
    const uninformed = await estimateJob(client, database, SHOP, again, { environment: { registry, connections }, providerGate: new InMemoryProviderGate() });
    expect(uninformed.limits.requestsPerMinute).toBeNull();
    expect(uninformed.durationSeconds ?? 0).toBeLessThan((PRODUCTS * 60) / REQUESTS_PER_MINUTE);
  });
});
