import { FlowTriggerSender } from "~/automation/flow-trigger.server";
import { CatalogSyncKeeper } from "~/catalog/sync-keeper.server";
import { env } from "~/config/env.server";
import database from "~/db.server";
import { databaseKindOf } from "~/db/client.server";
import { defaultModelEnvironment } from "~/models/run-context.server";
import { unauthenticated } from "~/shopify.server";
import { BullmqDispatcher } from "./bullmq/dispatcher.server";
import { redisConnection } from "./bullmq/connection.server";
import { NO_DISPATCH, type JobDispatcher } from "./dispatcher";
import { BulkWriter } from "./bulk-writes/writer.server";
import { JobRevertRunner } from "./revert-runner.server";
import { JobRunner } from "./runner.server";
import type { JobServiceDependencies } from "./service.server";

/**
 * The job service as this process runs it (docs/decisions/0010), chosen by PLUME_JOB_RUNNER:
 * - in-process (default): the app's database and the in-process runner, with the runner of
 *   whole-job reverts beside it, started once (at server start, app/entry.server.tsx), reading
 *   and writing each shop with its offline token;
 * - bullmq: this process runs nothing; it sends wake-ups to the `npm run worker` processes
 *   (which run both) through Redis (REDIS_URL);
 * - off: jobs are recorded and another process runs them.
 */
declare global {
  var plumeJobRunner: JobRunner | undefined;
  var plumeRevertRunner: JobRevertRunner | undefined;
  var plumeJobDispatcher: JobDispatcher | undefined;
}

/** How workers and the in-process runner reach a shop: its offline session, refreshed by the library when it nears expiry. */
export async function offlineAdmin(shop: string) {
  return (await unauthenticated.admin(shop)).admin;
}

export function jobService(): JobServiceDependencies {
  const environment = env();
  const concurrency = environment.PLUME_JOB_CONCURRENCY;
  if (environment.PLUME_JOB_RUNNER === "off") return { database, dispatcher: NO_DISPATCH, concurrency };
  if (environment.PLUME_JOB_RUNNER === "bullmq") {
    // One queue connection per process, kept across Vite dev-server reloads; REDIS_URL is checked at boot.
    globalThis.plumeJobDispatcher ??= new BullmqDispatcher(redisConnection(environment.REDIS_URL!), environment.PLUME_REDIS_PREFIX);
    return { database, dispatcher: globalThis.plumeJobDispatcher, concurrency };
  }
  // One runner per process, kept across Vite dev-server reloads.
  let runner = globalThis.plumeJobRunner;
  if (!runner) {
    // Large auto-apply jobs write description and SEO through bulk mutations (docs/decisions/0021).
    const bulkWrites = new BulkWriter(database, offlineAdmin);
    runner = new JobRunner(
      {
        database,
        adminFor: offlineAdmin,
        environment: defaultModelEnvironment(),
        bulkWrites,
        companions: [new CatalogSyncKeeper(database, offlineAdmin), new FlowTriggerSender(database, offlineAdmin), bulkWrites],
      },
      {
        concurrency,
        ...(environment.PLUME_JOB_LEASE_MS ? { leaseMs: environment.PLUME_JOB_LEASE_MS } : {}),
        // Embedded SQLite has one app process by design (`npm run worker` refuses it): after a restart, the items the
        // dead process held are taken back at once instead of after their leases.
        soleRunner: databaseKindOf(environment.DATABASE_URL) === "sqlite",
      },
    );
    runner.start();
    globalThis.plumeJobRunner = runner;
  }
  let reverts = globalThis.plumeRevertRunner;
  if (!reverts) {
    reverts = new JobRevertRunner({ database, adminFor: offlineAdmin });
    reverts.start();
    globalThis.plumeRevertRunner = reverts;
  }
  const runners: JobDispatcher[] = [runner, reverts];
  // "Look again" reaches both: a job's items and a job's revert.
  return { database, dispatcher: { notify: (signal) => runners.forEach((entry) => entry.notify(signal)) }, concurrency };
}
