import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { runAdminQuery, type AdminGraphql } from "~/catalog/admin-client.server";
import type { Database } from "~/db/client.server";
import { logger } from "~/observability/logger.server";
import { APP_HANDLE, FLOW_TRIGGER_FIELD_KEYS, FLOW_TRIGGER_HANDLE, FLOW_TRIGGER_PAYLOAD_LIMIT_BYTES } from "./flow-extensions";

/**
 * The Flow trigger "Product copy job finished" (docs/decisions/0019). The event is written to an outbox
 * (FlowTriggerEvent) in the same transaction that finishes the job, so a crash cannot lose it nor send it for a
 * job that did not finish; a sender in the job runner's process delivers it with flowTriggerReceive and retries
 * with backoff. A failure to send never touches the job. Delivery is at least once: a process that dies between
 * Shopify's answer and the row's update sends that event again after its lease.
 */
type Client = Database | Prisma.TransactionClient;

/** Sends tried per event before it is left with its last error. */
export const FLOW_TRIGGER_MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;
/** How long a sender holds an event while its call is in flight. */
const SEND_LEASE_MS = 60_000;
export const FLOW_TRIGGER_SEND_INTERVAL_MS = 1_000;

/** 30 s, 1 min, 2 min… capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

export function jobPageUrl(shop: string, jobId: string): string {
  return `https://admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}/apps/${APP_HANDLE}/app/jobs/${jobId}`;
}

/**
 * Records "job finished" for the job just moved to `status` at `finishedAt`, inside the caller's transaction.
 * Keyed by job and finish time: a job that runs again (retry failed, apply approved) and finishes again sends
 * another event with its new counts; the same finish is never recorded twice.
 */
export async function recordJobFinished(tx: Client, input: { shop: string; jobId: string; status: "completed" | "cancelled"; finishedAt: Date }): Promise<void> {
  const { shop, jobId } = input;
  const [job, groups] = await Promise.all([
    tx.job.findFirstOrThrow({ where: { id: jobId, shop }, select: { total: true, spentMicros: true } }),
    tx.jobItem.groupBy({ by: ["status"], where: { jobId, shop }, _count: { _all: true } }),
  ]);
  const count = (statuses: readonly string[]) => groups.filter((group) => statuses.includes(group.status)).reduce((sum, group) => sum + group._count._all, 0);
  const keys = FLOW_TRIGGER_FIELD_KEYS;
  const payload = {
    [keys.jobId]: jobId,
    [keys.jobUrl]: jobPageUrl(shop, jobId),
    [keys.status]: input.status,
    [keys.products]: job.total,
    [keys.completed]: count(["generated", "applied", "skipped"]),
    [keys.failed]: count(["failed"]),
    // micro-USD to dollars only here, at the edge: Flow's number_decimal is a JSON number.
    [keys.costUsd]: Number(job.spentMicros) / 1_000_000,
  };
  const document = JSON.stringify(payload);
  if (Buffer.byteLength(document, "utf8") > FLOW_TRIGGER_PAYLOAD_LIMIT_BYTES) throw new Error(`flow trigger payload of job ${jobId} is over the limit`);
  await tx.flowTriggerEvent.create({
    data: { shop, handle: FLOW_TRIGGER_HANDLE, eventKey: `job-finished:${jobId}:${input.finishedAt.getTime()}`, payload: document },
  });
}

const FLOW_TRIGGER_MUTATION = `#graphql
  mutation PlumeFlowTriggerReceive($handle: String!, $payload: JSON!) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors {
        field
        message
      }
    }
  }
`;

const flowTriggerAnswerSchema = z.object({
  flowTriggerReceive: z.object({ userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string() })) }).nullable(),
});

/**
 * Sends the events that are due, each claimed first (a conditional update on its lease), so two processes never
 * send one at once. Returns how many were sent.
 */
export async function sendDueFlowTriggers(database: Database, adminFor: (shop: string) => Promise<AdminGraphql>, now = new Date()): Promise<number> {
  const due = await database.flowTriggerEvent.findMany({
    where: { sentAt: null, attempts: { lt: FLOW_TRIGGER_MAX_ATTEMPTS }, nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    orderBy: { createdAt: "asc" },
    take: 20,
  });
  let sent = 0;
  for (const event of due) {
    const claimed = await database.flowTriggerEvent.updateMany({
      where: { id: event.id, sentAt: null, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: { leaseUntil: new Date(now.getTime() + SEND_LEASE_MS), attempts: { increment: 1 } },
    });
    if (claimed.count !== 1) continue;
    const attempts = event.attempts + 1;
    let problem: string | null;
    try {
      const answer = await runAdminQuery(await adminFor(event.shop), "PlumeFlowTriggerReceive", FLOW_TRIGGER_MUTATION, flowTriggerAnswerSchema, {
        handle: event.handle,
        payload: JSON.parse(event.payload) as unknown,
      });
      const errors = answer.flowTriggerReceive?.userErrors ?? [{ field: null, message: "no answer" }];
      problem = errors.length === 0 ? null : errors.map((error) => error.message).join("; ");
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (problem === null) {
      await database.flowTriggerEvent.update({ where: { id: event.id }, data: { sentAt: new Date(), leaseUntil: null, lastError: null } });
      sent += 1;
      continue;
    }
    await database.flowTriggerEvent.update({
      where: { id: event.id },
      data: { leaseUntil: null, lastError: problem.slice(0, 1000), nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)) },
    });
    const entry = { shop: event.shop, eventId: event.id, attempts, error: problem.slice(0, 300) };
    if (attempts >= FLOW_TRIGGER_MAX_ATTEMPTS) logger.error(entry, "flow trigger not sent; giving up after the last attempt");
    else logger.warn(entry, "flow trigger not sent; trying again later");
  }
  return sent;
}

/**
 * Sends Flow trigger events from every process that runs jobs: a JobRunner starts and stops it with itself
 * (its `companions`), as it does the catalog sync keeper.
 */
export class FlowTriggerSender {
  private timer: ReturnType<typeof setInterval> | undefined;
  private sending: Promise<unknown> | undefined;

  constructor(
    private readonly database: Database,
    private readonly adminFor: (shop: string) => Promise<AdminGraphql>,
    private readonly intervalMs = FLOW_TRIGGER_SEND_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
    this.tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sending;
  }

  async abandon(): Promise<void> {
    await this.stop();
  }

  private tick(): void {
    if (this.sending) return;
    this.sending = sendDueFlowTriggers(this.database, this.adminFor)
      .catch((error: unknown) => logger.warn({ error: error instanceof Error ? error.message : String(error) }, "flow trigger sender could not look for events; trying again"))
      .finally(() => {
        this.sending = undefined;
      });
  }
}
