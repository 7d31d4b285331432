import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import { logger } from "~/observability/logger.server";
import type { JobDispatcher } from "../dispatcher";
import { REDIS_PREFIX, WAKE_QUEUE } from "./connection.server";

/**
 * The scale-out dispatcher (docs/decisions/0010): a wake-up on a BullMQ queue, ids only —
 * "job X of shop S has runnable work". The job's state stays in the database and whichever
 * worker takes the wake-up claims items by lease like the in-process runner does, so a
 * lost, duplicated or late wake-up delays work at most until a worker's next look.
 */
export const wakeUpSchema = z.object({ shop: z.string().min(1).max(255), jobId: z.string().min(1).max(64) });
export type WakeUp = z.infer<typeof wakeUpSchema>;

export class BullmqDispatcher implements JobDispatcher {
  private readonly queue: Queue;

  constructor(connection: Redis, prefix = REDIS_PREFIX) {
    this.queue = new Queue(WAKE_QUEUE, { connection, prefix });
  }

  notify(signal: WakeUp): void {
    void this.queue
      .add("wake", wakeUpSchema.parse(signal), { removeOnComplete: true, removeOnFail: true })
      .catch((error: unknown) => logger.warn({ jobId: signal.jobId, error: error instanceof Error ? error.message : String(error) }, "job wake-up not sent; workers will find the job on their next look"));
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
