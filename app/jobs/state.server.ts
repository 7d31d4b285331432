import type { Prisma } from "@prisma/client";
import type { Database } from "~/db/client.server";
import { JobConflictError, JobNotFoundError } from "./errors";
import { jobStatusSchema, type ItemError, type ItemStatus, type JobStatus } from "./types";

/**
 * The job and item state machines. Every status change is a conditional update from the
 * state the caller expects (`updateMany({ where: { id, status: expected } })`): count 1,
 * or a typed conflict. Two runners, or a runner and a merchant's click, cannot both win.
 */

/** Which job statuses each status may be reached from. */
export const JOB_TRANSITIONS: Record<JobStatus, readonly JobStatus[]> = {
  // a job is created paused while its items are written, then queued
  queued: ["paused"],
  running: ["queued", "paused", "completed", "failed"],
  paused: ["queued", "running"],
  cancelling: ["queued", "running", "paused"],
  cancelled: ["cancelling", "queued", "paused"],
  completed: ["running", "queued"],
  failed: ["running", "queued"],
};

type Client = Database | Prisma.TransactionClient;

/** Moves a job to `to` from one of `from` (each must be allowed by JOB_TRANSITIONS); a conflict names the state it found. */
export async function transitionJob(
  database: Client,
  input: { shop: string; jobId: string; from: readonly JobStatus[]; to: JobStatus; data?: Prisma.JobUpdateManyMutationInput },
): Promise<void> {
  const allowed = input.from.filter((status) => JOB_TRANSITIONS[input.to].includes(status));
  const result = await database.job.updateMany({ where: { id: input.jobId, shop: input.shop, status: { in: allowed } }, data: { ...input.data, status: input.to } });
  if (result.count === 1) return;
  const current = await database.job.findFirst({ where: { id: input.jobId, shop: input.shop }, select: { status: true } });
  if (!current) throw new JobNotFoundError(input.jobId);
  throw new JobConflictError(input.jobId, allowed, jobStatusSchema.safeParse(current.status).data ?? current.status);
}

/** Like transitionJob, but a conflict is an answer (false), for the runner's housekeeping. */
export async function tryTransitionJob(database: Client, input: Parameters<typeof transitionJob>[1]): Promise<boolean> {
  try {
    await transitionJob(database, input);
    return true;
  } catch (error) {
    if (error instanceof JobConflictError) return false;
    throw error;
  }
}

/** An item held by a runner's lease moves on; false when the lease was lost (swept, or the job cancelled it). */
export async function moveLeasedItem(
  database: Client,
  input: { itemId: string; owner: string; from: ItemStatus; to: ItemStatus; data?: Prisma.JobItemUpdateManyMutationInput },
): Promise<boolean> {
  const result = await database.jobItem.updateMany({ where: { id: input.itemId, status: input.from, leaseOwner: input.owner }, data: { ...input.data, status: input.to } });
  return result.count === 1;
}

export function encodeItemError(error: ItemError): string {
  return JSON.stringify(error);
}

export function decodeItemError(text: string | null): ItemError | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Partial<ItemError>;
    return typeof parsed.code === "string" ? { code: parsed.code, params: parsed.params ?? {} } : null;
  } catch {
    return null;
  }
}

/** The lost-lease sentinel inside a transaction: thrown to roll back what the item would have stored. */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
  constructor(readonly itemId: string) {
    super(`lease on item ${itemId} was lost`);
  }
}
