/**
 * `npm run worker`: one scale-out job worker (docs/decisions/0010, README "Scale-out") against
 * DATABASE_URL (PostgreSQL) and REDIS_URL. Any number may run; they share jobs and the per-shop /
 * per-backend slots in Redis, and claim items by lease, so no item is processed twice. SIGTERM or
 * SIGINT: no more claims, in-flight items finish and settle, then the process exits. One log line
 * per job event.
 */
import { hostname } from "node:os";
import { env, EnvironmentError } from "~/config/env.server";

let environment;
try {
  environment = env();
} catch (error) {
  console.error(error instanceof EnvironmentError ? error.message : error);
  process.exit(1);
}
if (!environment.REDIS_URL) {
  console.error("worker: REDIS_URL is required (e.g. redis://127.0.0.1:6379); set PLUME_JOB_RUNNER=bullmq on the web process too.");
  process.exit(1);
}
if (environment.DATABASE_URL.startsWith("file:")) {
  // A second process on the app's SQLite file times out on its locks: SQLite is the one-process set-up.
  console.error("worker: DATABASE_URL must be PostgreSQL (postgresql://…); with SQLite, use the in-process runner (PLUME_JOB_RUNNER=in-process).");
  process.exit(1);
}

// Imported after the environment is checked: these read it at import.
const { default: database } = await import("~/db.server");
const { defaultModelEnvironment } = await import("~/models/run-context.server");
const { offlineAdmin } = await import("~/jobs/runtime.server");
const { startJobWorker } = await import("~/jobs/bullmq/worker.server");

const owner = `worker-${hostname()}-${process.pid}`;
const line = (fields: Record<string, unknown>) => console.log(JSON.stringify({ time: new Date().toISOString(), worker: owner, ...fields }));

const worker = await startJobWorker(
  { database, adminFor: offlineAdmin, environment: defaultModelEnvironment() },
  {
    owner,
    redisUrl: environment.REDIS_URL,
    concurrency: environment.PLUME_JOB_CONCURRENCY,
    limits: { perShop: environment.PLUME_JOB_SHOP_CONCURRENCY, perBackend: environment.PLUME_JOB_BACKEND_CONCURRENCY },
    prefix: environment.PLUME_REDIS_PREFIX,
    ...(environment.PLUME_JOB_LEASE_MS ? { leaseMs: environment.PLUME_JOB_LEASE_MS } : {}),
    onEvent: (event) => line({ event: event.type, ...event, type: undefined }),
  },
);
line({ event: "started", concurrency: environment.PLUME_JOB_CONCURRENCY });

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  line({ event: "stopping", signal });
  await worker.close();
  await database.$disconnect();
  line({ event: "stopped" });
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
