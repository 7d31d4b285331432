import { env } from "~/config/env.server";
import database from "~/db.server";
import { defaultModelEnvironment } from "~/models/run-context.server";
import { unauthenticated } from "~/shopify.server";
import { NO_DISPATCH } from "./dispatcher";
import { JobRunner } from "./runner.server";
import type { JobServiceDependencies } from "./service.server";

/**
 * The job service as this process runs it: the app's database, and the in-process runner
 * (PLUME_JOB_RUNNER=in-process, the default) started once, reading and writing each shop
 * with its offline token. With PLUME_JOB_RUNNER=off, jobs are recorded and another
 * process runs them.
 */
declare global {
  var plumeJobRunner: JobRunner | undefined;
}

export function jobService(): JobServiceDependencies {
  const environment = env();
  if (environment.PLUME_JOB_RUNNER === "off") return { database, dispatcher: NO_DISPATCH, concurrency: environment.PLUME_JOB_CONCURRENCY };
  // One runner per process, kept across Vite dev-server reloads.
  let runner = globalThis.plumeJobRunner;
  if (!runner) {
    runner = new JobRunner(
      { database, adminFor: async (shop) => (await unauthenticated.admin(shop)).admin, environment: defaultModelEnvironment() },
      { concurrency: environment.PLUME_JOB_CONCURRENCY },
    );
    runner.start();
    globalThis.plumeJobRunner = runner;
  }
  return { database, dispatcher: runner, concurrency: environment.PLUME_JOB_CONCURRENCY };
}
