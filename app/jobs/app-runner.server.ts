import database from "~/db.server";
import { unauthenticated } from "~/shopify.server";
import { JobRunner } from "./runner.server";
import type { JobServiceDependencies } from "./service.server";

declare global {
  var plumeJobRunner: JobRunner | undefined;
}

/**
 * The app process's in-process runner (docs/decisions/0010, the embedded default), started
 * on first use and kept across dev-server reloads like the database client. Workers read
 * and write each shop's catalog with its offline session.
 */
function appRunner(): JobRunner {
  if (!globalThis.plumeJobRunner) {
    const runner = new JobRunner({ database, adminFor: async (shop) => (await unauthenticated.admin(shop)).admin });
    runner.start();
    globalThis.plumeJobRunner = runner;
  }
  return globalThis.plumeJobRunner;
}

/** What the Jobs pages hand the job service: the app's database and its runner as the dispatcher. */
export function jobServiceDependencies(): JobServiceDependencies {
  return { database, dispatcher: appRunner() };
}
