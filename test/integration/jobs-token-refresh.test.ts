import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { syncCatalog } from "~/catalog/catalog-index.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import database from "~/db.server";
import { NO_DISPATCH } from "~/jobs/dispatcher";
import { JobRunner } from "~/jobs/runner.server";
import { offlineAdmin } from "~/jobs/runtime.server";
import { jobProgress, startJob } from "~/jobs/service.server";
import { saveConnection } from "~/models/connections.server";
import { BackendRegistry } from "~/models/registry";
import { createKeyring } from "~/secrets/crypto.server";
import { ADMIN_API_VERSION } from "~/shopify/api-version";
import { createShopifyRedirectFetch } from "../../emulator/admin/redirect-fetch";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { startProviderEmulator, type RunningProviderEmulator } from "../../emulator/providers/server";
import { emulatorAdminClient } from "../support/admin-client";
import { TEST_ENVIRONMENT } from "../support/environment";

/**
 * Jobs outlive tokens: a job runs with the shop's expiring offline token through the library's
 * `unauthenticated.admin` (as the worker and the in-process runner do); the clock moves to within
 * five minutes of the token's expiry (the library refreshes it with the refresh token), then past
 * it (the Admin emulator now refuses the old token); the job finishes on the refreshed token.
 * One clock for both sides: the emulator reads Date.now, which the test moves.
 */
const SHOP = "token-refresh-jobs.myshopify.com";
const PRODUCTS = 12;
const BACKEND = "emulated-openai";

let admin: RunningAdminEmulator;
let providers: RunningProviderEmulator;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  admin = await startAdminEmulator({
    apiKey: TEST_ENVIRONMENT.SHOPIFY_API_KEY,
    apiSecret: TEST_ENVIRONMENT.SHOPIFY_API_SECRET,
    scopes: TEST_ENVIRONMENT.SCOPES,
    plan: "plus",
    bulkDelayMs: 5,
    now: () => Date.now(),
    shops: [{ domain: SHOP, seed: { products: PRODUCTS, seed: 71 } }],
  });
  providers = await startProviderEmulator({ latencyMs: 100 });
  setAbstractFetchFunc(createShopifyRedirectFetch(admin.url));
});

afterAll(async () => {
  vi.useRealTimers();
  await Promise.all([admin.close(), providers.close()]);
});

async function acceptedBy(token: string): Promise<boolean> {
  const response = await fetch(`${admin.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "x-plume-emulator-shop": SHOP },
    body: JSON.stringify({ query: "{ shop { name } }" }),
  });
  return response.ok;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("a job across an offline-token expiry", () => {
  it("refreshes the token through the library and finishes the job on the new one", async () => {
    const registry = BackendRegistry.withExtras([{ id: BACKEND, extends: "openai", label: "OpenAI (emulated)", baseUrl: providers.baseUrls.openai, emulated: true }]);
    const connections = {
      keyring: createKeyring({ version: 1, key: TEST_ENVIRONMENT.PLUME_ENCRYPTION_KEY }),
      endpointPolicy: { allowedHosts: [new URL(providers.url).host] },
      operatorKeys: {},
    };
    const client = emulatorAdminClient(admin, SHOP);
    await database.job.deleteMany({ where: { shop: SHOP } });
    await database.session.deleteMany({ where: { shop: SHOP } });
    await syncCatalog(client, database, SHOP, { pollIntervalMs: 10 });
    await saveConnection(database, connections, registry.get(BACKEND), SHOP, { apiKey: "sk-emulated-openai" });
    await saveCopySettings(database, SHOP, copySettingsSchema.parse({ writePolicy: "overwrite" }));
    const first = admin.store.issueAccessToken(SHOP, { expiresInSeconds: 3600 });
    const refresh = admin.store.tokens.issueRefreshToken(SHOP, TEST_ENVIRONMENT.SCOPES);
    await database.session.create({
      data: {
        id: `offline_${SHOP}`,
        shop: SHOP,
        state: "",
        isOnline: false,
        scope: TEST_ENVIRONMENT.SCOPES,
        accessToken: first.token,
        expires: new Date(first.expiresAt!),
        refreshToken: refresh.token,
        refreshTokenExpires: new Date(refresh.expiresAt),
      },
    });

    const runner = new JobRunner({ database, adminFor: offlineAdmin, environment: { registry, connections } }, { concurrency: 1, idleMs: 20 });
    const job = await startJob({ database, dispatcher: NO_DISPATCH, environment: { registry, connections } }, client, {
      shop: SHOP,
      actor: "merchant@example.com",
      job: { request: { fields: ["seoTitle", "metaDescription"], locales: ["en"], backendId: BACKEND, modelId: "gpt-6-luna" }, selection: { kind: "all" }, mode: "auto_apply" },
    });
    const settled = () => database.jobItem.count({ where: { jobId: job.id, status: { in: ["applied", "skipped", "failed"] } } });
    runner.start();
    try {
      await waitFor(async () => (await settled()) >= 3, 60_000, "the first items on the first token");
      expect((await database.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } })).accessToken).toBe(first.token);

      // 56 minutes later: within five minutes of expiry, the next item's client refreshes
      vi.setSystemTime(Date.now() + 56 * 60_000);
      const before = await settled();
      await waitFor(async () => (await settled()) >= before + 3, 60_000, "items after the refresh");
      const refreshed = await database.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
      expect(refreshed.accessToken).not.toBe(first.token);
      expect(refreshed.refreshToken).not.toBe(refresh.token);
      expect(refreshed.expires!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);

      // past the first token's expiry: the emulator refuses it, the job carries on with the new one
      vi.setSystemTime(Date.now() + 5 * 60_000);
      expect(await acceptedBy(first.token)).toBe(false);
      expect(await acceptedBy(refreshed.accessToken)).toBe(true);
      await waitFor(async () => (await jobProgress(database, SHOP, job.id)).status === "completed", 90_000, "the job to complete");
      const progress = await jobProgress(database, SHOP, job.id);
      expect(progress.counts.applied + progress.counts.skipped + progress.counts.failed).toBe(PRODUCTS);
      expect(progress.counts.applied).toBeGreaterThanOrEqual(PRODUCTS * 0.75);
      // no item failed for want of a valid token
      const failed = await database.jobItem.findMany({ where: { jobId: job.id, status: "failed" }, select: { error: true } });
      expect(failed.filter((item) => /unauthori|token|401/i.test(item.error ?? ""))).toEqual([]);
    } finally {
      await runner.stop();
    }
  }, 240_000);
});
