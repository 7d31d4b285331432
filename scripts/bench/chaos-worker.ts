import { PENDING_LEASE_MS } from "~/copy/apply.server";
import { z } from "zod";
import { createDatabase } from "~/db/client.server";
import { jobProgress } from "~/jobs/service.server";
import { adminClient, benchRunner, emulatedEnvironment, sleep } from "./job-support";

/**
 * The process `chaos:jobs` kills: opens the benchmark's SQLite file and runs the in-process
 * JobRunner until the job is over, then exits 0. Everything it needs comes by environment;
 * a short lease lets the next process take back what a killed one held.
 */
const environment = z
  .object({
    CHAOS_DATABASE_URL: z.string().startsWith("file:"),
    CHAOS_ADMIN_URL: z.url(),
    CHAOS_PROVIDER_URL: z.url(),
    CHAOS_SHOP: z.string().min(1),
    CHAOS_JOB_ID: z.string().min(1),
    CHAOS_LEASE_MS: z.coerce.number().int().positive(),
    CHAOS_CONCURRENCY: z.coerce.number().int().min(1).max(64),
  })
  .parse(process.env);

const database = createDatabase(environment.CHAOS_DATABASE_URL);
const client = await adminClient(environment.CHAOS_ADMIN_URL, environment.CHAOS_SHOP);
const runner = benchRunner(
  database,
  client,
  emulatedEnvironment(environment.CHAOS_PROVIDER_URL),
  // One process at a time, as the embedded default runs (app/jobs/runtime.server.ts sets soleRunner for SQLite): a new
  // process takes back the items the killed one held at once; writes it left pending wait PENDING_LEASE_MS.
  { concurrency: environment.CHAOS_CONCURRENCY, leaseMs: environment.CHAOS_LEASE_MS, idleMs: 50, soleRunner: true },
);
runner.start();
/**
 * The runner's loop ends when a database call fails under it ("job runner stopped on an
 * error", e.g. a SQLite timeout on a loaded machine); the process then lives on doing nothing.
 * A worker that moves no item for this long exits STALLED so the benchmark restarts it,
 * as a process supervisor would, and counts it apart from the kills.
 */
// Longer than the longest legitimate quiet spell: a write a killed process left pending holds its item for PENDING_LEASE_MS.
const STALL_MS = PENDING_LEASE_MS + 30_000;
const STALLED = 3;
let lastCounts = "";
let lastChange = Date.now();
for (;;) {
  const progress = await jobProgress(database, environment.CHAOS_SHOP, environment.CHAOS_JOB_ID).catch(() => null);
  if (progress && progress.status !== "queued" && progress.status !== "running") break;
  // Any item moving counts (generated, parked for a bulk write, written), not only items settling: items parked for a bulk
  // write settle only when it completes, which at 1,000 products is more than STALL_MS after the job's start.
  const counts = progress ? JSON.stringify(progress.counts) : lastCounts;
  if (counts !== lastCounts) {
    lastCounts = counts;
    lastChange = Date.now();
  } else if (Date.now() - lastChange > STALL_MS) {
    process.stderr.write(`chaos worker: no item moved for ${STALL_MS / 1000} s, exiting to be restarted\n`);
    process.exit(STALLED);
  }
  await sleep(200);
}
await runner.stop();
await database.$disconnect();
process.exit(0);
