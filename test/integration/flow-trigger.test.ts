import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLOW_TRIGGER_FIELD_KEYS, FLOW_TRIGGER_HANDLE } from "~/automation/flow-extensions";
import { FlowTriggerSender, sendDueFlowTriggers } from "~/automation/flow-trigger.server";
import { JobRunner } from "~/jobs/runner.server";
import { applyApproved, jobProgress, reviewProposals, startJob, type JobServiceDependencies } from "~/jobs/service.server";
import { flowTriggersFromExtensions } from "../../emulator/admin/flow-extensions";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshPostgres, freshSqlite, type TestDatabase } from "../support/databases";

/**
 * The Flow trigger "Product copy job finished" end to end: a small job runs against the Admin emulator; its last
 * transition writes one event; a send that fails leaves the job completed and the event waiting (backoff); the
 * next send delivers it once with flowTriggerReceive, which the emulator checks against the trigger's toml and
 * records; a later finish of the same job (approved copy applied) is a new event, sent by the runner's companion.
 */
const shopFor = (kind: string) => `${kind}-flow-trigger.myshopify.com`;
let admin: RunningAdminEmulator;
const sqlite = await freshSqlite();
const postgres = await freshPostgres();
const databases: TestDatabase[] = [sqlite, ...("unavailable" in postgres ? [] : [postgres])];
if ("unavailable" in postgres) console.warn(`flow trigger on PostgreSQL skipped: ${postgres.unavailable}`);

beforeAll(async () => {
  admin = await startAdminEmulator({
    apiKey: "k",
    apiSecret: "s",
    scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
    plan: "plus",
    flowTriggers: flowTriggersFromExtensions(path.resolve(import.meta.dirname, "../../extensions")),
    shops: ["sqlite", "postgres"].map((kind, index) => ({ domain: shopFor(kind), seed: { products: 3, seed: 60 + index } })),
  });
});

afterAll(async () => {
  await Promise.all([admin.close(), ...databases.map((database) => database.close())]);
});

async function received(shop: string): Promise<Array<{ handle: string; payload: Record<string, unknown> }>> {
  const response = await fetch(`${admin.url}/__emulator/flow-triggers?shop=${shop}`);
  return ((await response.json()) as { triggers: Array<{ handle: string; payload: Record<string, unknown> }> }).triggers;
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(databases)("Flow trigger on $kind", ({ kind, database }) => {
  const shop = shopFor(kind);
  const client = () => emulatorAdminClient(admin, shop);

  it("a finished job sends 'Product copy job finished' once, after a failed send, without failing the job", async () => {
    const deps: JobServiceDependencies & { runner?: JobRunner } = { database, dispatcher: { notify: () => deps.runner?.notify() } };
    const ids = [...admin.store.requireShop(shop).catalog.all()].map((product) => product.id);
    const job = await startJob(deps, client(), { shop, actor: "merchant", job: { request: { fields: ["seoTitle"], locales: ["en"] }, selection: { kind: "ids", ids }, mode: "review" } });
    const runner = new JobRunner({ database, adminFor: async () => client() }, { idleMs: 20 });
    deps.runner = runner;
    runner.start();
    await waitFor(async () => (await jobProgress(database, shop, job.id)).status === "completed", "job to complete");
    await runner.stop();

    const [event, ...others] = await database.flowTriggerEvent.findMany({ where: { shop } });
    expect(others).toEqual([]);
    expect(event).toMatchObject({ handle: FLOW_TRIGGER_HANDLE, sentAt: null, attempts: 0 });

    // Shopify out of reach: the event waits with its error and a later time; the job is untouched.
    const unreachable = async () => {
      throw new TypeError("fetch failed");
    };
    expect(await sendDueFlowTriggers(database, unreachable)).toBe(0);
    const waiting = await database.flowTriggerEvent.findUniqueOrThrow({ where: { id: event!.id } });
    expect(waiting).toMatchObject({ sentAt: null, attempts: 1, lastError: "fetch failed" });
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect((await jobProgress(database, shop, job.id)).status).toBe("completed");
    expect(await sendDueFlowTriggers(database, async () => client())).toBe(0);
    expect(await received(shop)).toEqual([]);

    // Once it is due again it goes out, once.
    const later = new Date(waiting.nextAttemptAt.getTime() + 1);
    expect(await sendDueFlowTriggers(database, async () => client(), later)).toBe(1);
    expect(await sendDueFlowTriggers(database, async () => client(), later)).toBe(0);
    const progress = await jobProgress(database, shop, job.id);
    const keys = FLOW_TRIGGER_FIELD_KEYS;
    expect(await received(shop)).toEqual([
      expect.objectContaining({
        handle: FLOW_TRIGGER_HANDLE,
        payload: {
          [keys.jobId]: job.id,
          [keys.jobUrl]: `https://admin.shopify.com/store/${shop.replace(".myshopify.com", "")}/apps/plume-product-copy/app/jobs/${job.id}`,
          [keys.status]: "completed",
          [keys.products]: 3,
          [keys.completed]: progress.counts.generated,
          [keys.failed]: progress.counts.failed,
          [keys.costUsd]: progress.spentMicros / 1_000_000,
        },
      }),
    ]);
    expect(progress.counts.generated + progress.counts.failed).toBe(3);

    // The same job finishes again once its approved copy is written: a new event, sent by the runner's companion.
    await reviewProposals(database, shop, job.id, { decision: "approve", scope: { kind: "all" } });
    const writer = new JobRunner({ database, adminFor: async () => client(), companions: [new FlowTriggerSender(database, async () => client(), 20)] }, { idleMs: 20 });
    deps.runner = writer;
    writer.start();
    await applyApproved(deps, shop, job.id);
    await waitFor(async () => (await received(shop)).length === 2, "the second finish's trigger");
    await writer.stop();
    const second = (await received(shop))[1]!;
    expect(second.payload[keys.jobId]).toBe(job.id);
    expect(second.payload[keys.completed]).toBe(progress.counts.generated);
    expect(await database.flowTriggerEvent.count({ where: { shop, sentAt: null } })).toBe(0);
  });
});
