import { Redis } from "ioredis";

/**
 * A Redis connection for the scale-out set-up. BullMQ's workers block on Redis, so commands
 * must wait for a reconnect rather than fail after a few retries (maxRetriesPerRequest: null).
 */
export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/** The queue that carries wake-ups; its name is shared by the web process and every worker. */
export const WAKE_QUEUE = "plume-job-wakeups";
/** Prefix of every key Plume keeps in Redis (BullMQ's keys and the shared slots); PLUME_REDIS_PREFIX. */
export { DEFAULT_REDIS_PREFIX as REDIS_PREFIX } from "../slots";
