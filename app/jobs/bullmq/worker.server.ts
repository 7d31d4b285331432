import { Worker } from "bullmq";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import { FlowTriggerSender } from "~/automation/flow-trigger.server";
import { CatalogSyncKeeper } from "~/catalog/sync-keeper.server";
import type { Database } from "~/db/client.server";
import type { ModelEnvironment } from "~/models/run-context.server";
import { JobRevertRunner } from "../revert-runner.server";
import { BulkWriter } from "../bulk-writes/writer.server";
import { JobRunner, type RunnerEvent, type RunnerOptions } from "../runner.server";
import type { SlotLimits } from "../slots";
import { redisConnection, REDIS_PREFIX, WAKE_QUEUE } from "./connection.server";
import { wakeUpSchema } from "./dispatcher.server";
import { RedisItemSlots } from "./slots.server";

/**
 * One scale-out worker (`npm run worker`): a JobRunner like the in-process one — same claims by
 * lease, same settling — whose item slots per shop and per shop + backend live in Redis, woken
 * by the BullMQ wake-up queue (and looking on its own every `idleMs`, so a lost wake-up only
 * delays). Stopping takes no more wake-ups, lets in-flight items finish and settle, and
 * releases their slots; a killed worker's leases and slots expire and another worker takes over.
 */
export interface WorkerDependencies {
  database: Database;
  adminFor: (shop: string) => Promise<AdminGraphql>;
  environment?: ModelEnvironment;
}

export interface WorkerOptions extends RunnerOptions {
  redisUrl: string;
  limits: SlotLimits;
  /** key namespace in Redis (tests use their own) */
  prefix?: string;
  onEvent?: (event: RunnerEvent | { type: "wake"; shop: string; jobId: string }) => void;
}

export interface RunningWorker {
  runner: JobRunner;
  /** whole-job reverts, run beside the items (app/jobs/revert.server.ts) */
  reverts: JobRevertRunner;
  slots: RedisItemSlots;
  close(): Promise<void>;
}

export async function startJobWorker(deps: WorkerDependencies, options: WorkerOptions): Promise<RunningWorker> {
  const { redisUrl, limits, prefix = REDIS_PREFIX, onEvent, ...runnerOptions } = options;
  const slotsConnection = redisConnection(redisUrl);
  const queueConnection = redisConnection(redisUrl);
  const slots = new RedisItemSlots(slotsConnection, limits, prefix);
  // Each worker also takes over catalog syncs whose process died (docs/decisions/0014).
  // …and large auto-apply jobs' bulk writes, whichever process started them (docs/decisions/0021).
  const bulkWrites = new BulkWriter(deps.database, deps.adminFor);
  const runner = new JobRunner(
    { ...deps, slots, bulkWrites, companions: [new CatalogSyncKeeper(deps.database, deps.adminFor), new FlowTriggerSender(deps.database, deps.adminFor), bulkWrites] },
    { ...runnerOptions, ...(onEvent ? { onEvent } : {}) },
  );
  const reverts = new JobRevertRunner({ database: deps.database, adminFor: deps.adminFor }, { owner: `${runner.owner}:reverts` });
  const worker = new Worker(
    WAKE_QUEUE,
    async (task) => {
      const parsed = wakeUpSchema.safeParse(task.data);
      if (!parsed.success) return; // not ours to act on: ids only, anything else is dropped
      reverts.notify();
      onEvent?.({ type: "wake", ...parsed.data });
      runner.notify(parsed.data);
    },
    { connection: queueConnection, prefix, concurrency: 1, autorun: true },
  );
  await worker.waitUntilReady();
  runner.start();
  reverts.start();
  return {
    runner,
    reverts,
    slots,
    close: async () => {
      await worker.close();
      await Promise.all([runner.stop(), reverts.stop()]);
      await Promise.all([slotsConnection.quit(), queueConnection.quit()]);
    },
  };
}
