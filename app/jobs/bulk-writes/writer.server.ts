import { randomUUID } from "node:crypto";
import { PacingDeferredError, type AdminGraphql } from "~/catalog/admin-client.server";
import { loadProductSnapshot, type ProductSnapshot } from "~/catalog/product-facts.server";
import { idempotencyKeyFor } from "~/copy/apply.server";
import type { CopySettings } from "~/copy/settings";
import { copyFieldSchema } from "~/copy/types";
import { currentPrimaryValue } from "~/copy/write-batch.server";
import type { Database } from "~/db/client.server";
import { isUniqueViolation } from "~/db/errors";
import { logger } from "~/observability/logger.server";
import { BULK_WRITE_LEASE, finishJobIfDone, type BulkWriteHook, type RunnerCompanion } from "../runner.server";
import { encodeItemError, LeaseLostError } from "../state.server";
import { bulkMutationActive, bulkOperationState, BulkWriteRefusedError, downloadResult, runBulkWrite, stageFile, TERMINAL_BULK_STATUSES, type BulkOperationState } from "./admin.server";
import { isBulkField, isBulkWritable, linesUnderLimit, parseResultFile, productUpdateLine, type LineOutcome } from "./jsonl";

/**
 * Bulk writes for large auto-apply jobs (docs/decisions/0021). An item whose proposals are ready is parked here instead
 * of being written product by product: its primary-language description and SEO values are recorded as pending
 * revisions (the same idempotency keys as the per-product path) together with a line waiting for a file, all in one
 * transaction. Lines go to Shopify in files under 20 MB, one bulkOperationRunMutation each, one operation per shop at
 * a time. The `bulk_operations/finish` webhook, or polling when it does not come, settles each line from the result
 * file by its line number. Alt text and translations stay on the per-product path: an item that has them goes back to
 * it once its bulk line is written.
 */

/** Auto-apply jobs of at least this many products write through bulk mutations. */
export const BULK_WRITE_THRESHOLD = 500;
/** Lines per bulk mutation at most (a file also stays under 20 MB). */
export const BULK_WRITE_BATCH_LINES = 5_000;
const DEFAULT_FLUSH_EVERY_MS = 2_000;
/** Polling is the fallback for a webhook that does not come; the webhook usually settles first. */
const DEFAULT_POLL_EVERY_MS = 30_000;
/** A batch short of BULK_WRITE_BATCH_LINES goes once its oldest line has waited this long. */
const DEFAULT_MAX_WAIT_MS = 30_000;
const DEFAULT_LEASE_MS = 120_000;
/** A pending revision whose attempt is known to be over may be taken over by the per-product path at once. */
const LONG_AGO = new Date(0);

export interface BulkWriterOptions {
  /** Jobs of at least this many products use bulk writes (tests lower it). */
  threshold?: number;
  batchLines?: number;
  flushEveryMs?: number;
  pollEveryMs?: number;
  maxWaitMs?: number;
  leaseMs?: number;
  /** For the staged upload and the result download. */
  fetch?: typeof fetch;
}

interface Context {
  database: Database;
  owner: string;
  leaseMs: number;
  fetch: typeof fetch;
}

export interface ParkInput {
  shop: string;
  jobId: string;
  itemId: string;
  productId: string;
  /** the runner holding the item's lease */
  owner: string;
  admin: AdminGraphql;
  product?: ProductSnapshot;
  writePolicy: CopySettings["writePolicy"];
  actor: string;
}

export class BulkWriter implements BulkWriteHook, RunnerCompanion {
  private readonly threshold: number;
  private readonly batchLines: number;
  private readonly flushEveryMs: number;
  private readonly pollEveryMs: number;
  private readonly maxWaitMs: number;
  private readonly leaseMs: number;
  private readonly fetcher: typeof fetch;
  private readonly eligible = new Map<string, boolean>();
  private owner = `bulk-writer-${randomUUID()}`;
  private timers: NodeJS.Timeout[] = [];
  private busy: Promise<unknown> = Promise.resolve();
  private dead = false;

  constructor(
    private readonly database: Database,
    private readonly adminFor: (shop: string) => Promise<AdminGraphql>,
    options: BulkWriterOptions = {},
  ) {
    this.threshold = options.threshold ?? BULK_WRITE_THRESHOLD;
    this.batchLines = options.batchLines ?? BULK_WRITE_BATCH_LINES;
    this.flushEveryMs = options.flushEveryMs ?? DEFAULT_FLUSH_EVERY_MS;
    this.pollEveryMs = options.pollEveryMs ?? DEFAULT_POLL_EVERY_MS;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.fetcher = options.fetch ?? fetch;
  }

  private get context(): Context {
    return { database: this.database, owner: this.owner, leaseMs: this.leaseMs, fetch: this.fetcher };
  }

  start(owner: string): void {
    this.owner = `${owner}:bulk-writes`;
    this.dead = false;
    const every = (ms: number, work: () => Promise<unknown>) => {
      const timer = setInterval(() => {
        // One pass at a time: the next waits for the one before.
        this.busy = this.busy.then(() => (this.dead ? undefined : work().catch((error: unknown) => logger.warn({ error: error instanceof Error ? error.message : String(error) }, "bulk writes: pass failed; trying again"))));
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.flushEveryMs, () => this.flush());
    every(this.pollEveryMs, () => this.poll());
  }

  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await this.busy;
  }

  /** Stops dead, as a killed process would: what it was doing is left for the next process to find. */
  async abandon(): Promise<void> {
    this.dead = true;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  private async jobEligible(jobId: string): Promise<boolean> {
    const known = this.eligible.get(jobId);
    if (known !== undefined) return known;
    const job = await this.database.job.findUnique({ where: { id: jobId }, select: { mode: true, total: true } });
    const eligible = job?.mode === "auto_apply" && job.total >= this.threshold;
    // A job's mode and size never change: remembered, within bounds for a long-lived process.
    if (this.eligible.size >= 10_000) this.eligible.clear();
    this.eligible.set(jobId, eligible);
    return eligible;
  }

  /**
   * Takes an applying item of a large auto-apply job into a bulk write, or answers false (the runner writes it product
   * by product): a small job, no description/SEO value to write, or a value an earlier attempt left pending (the
   * per-product path settles those by reading Shopify).
   */
  async park(input: ParkInput): Promise<boolean> {
    if (this.dead || !(await this.jobEligible(input.jobId))) return false;
    const { database } = this;
    const rows = await database.proposal.findMany({
      where: { shop: input.shop, jobId: input.jobId, productId: input.productId, status: { in: ["pending", "approved"] } },
      orderBy: { createdAt: "asc" },
    });
    // Only alt text left (an item back from its bulk line): the per-product path writes it, and reads the product for
    // it; reading it here as well would cost the shop's bucket a second read for nothing.
    if (!rows.some((row) => isBulkField(row.field))) return false;
    const product = input.product && input.product.id === input.productId ? input.product : await loadProductSnapshot(input.admin, input.productId);
    const values = rows
      .map((row) => ({ row, field: copyFieldSchema.parse(row.field), locale: row.locale, resourceId: row.resourceId, value: row.value }))
      .filter((value) => isBulkWritable(value, product.primaryLocale));
    if (values.length === 0) return false;
    const keyed = values.map((value) => ({ ...value, key: idempotencyKeyFor({ item: `job-item:${input.itemId}`, field: value.field, locale: value.locale, resourceId: value.resourceId, value: value.value }) }));
    const earlier = await database.revision.findMany({ where: { shop: input.shop, idempotencyKey: { in: keyed.map((value) => value.key) } }, select: { idempotencyKey: true, status: true } });
    if (earlier.length > 0) return false;
    const kept: string[] = [];
    const toSend: Array<(typeof keyed)[number] & { previous: string }> = [];
    for (const value of keyed) {
      const current = currentPrimaryValue(product, value.field, value.resourceId);
      if ((input.writePolicy === "fill_blanks" && current.trim() !== "") || current === value.value) kept.push(value.row.id);
      else toSend.push({ ...value, previous: current });
    }
    if (toSend.length === 0) return false;
    try {
      await database.$transaction(async (tx) => {
        const created = await tx.revision.createManyAndReturn({
          data: toSend.map((value) => ({
            shop: input.shop,
            productId: product.id,
            field: value.field,
            locale: value.locale,
            resourceId: "",
            previousValue: value.previous,
            newValue: value.value,
            source: `job:${input.jobId}`,
            actor: input.actor,
            status: "pending",
            jobId: input.jobId,
            idempotencyKey: value.key,
          })),
          select: { id: true },
        });
        if (kept.length > 0) await tx.proposal.updateMany({ where: { id: { in: kept }, shop: input.shop }, data: { status: "kept_existing" } });
        await tx.bulkWriteLine.create({ data: { shop: input.shop, jobId: input.jobId, itemId: input.itemId, productId: product.id, revisionIds: JSON.stringify(created.map((row) => row.id)) } });
        const moved = await tx.jobItem.updateMany({ where: { id: input.itemId, status: "applying", leaseOwner: input.owner }, data: { leaseOwner: BULK_WRITE_LEASE, leaseUntil: null } });
        if (moved.count !== 1) throw new LeaseLostError(input.itemId);
      });
    } catch (error) {
      // Another attempt recorded the same values first: it owns them; the per-product path sorts it out.
      if (isUniqueViolation(error)) return false;
      throw error;
    }
    return true;
  }

  /** One pass: recovers writes a dead process left, releases the lines of cancelled jobs, sends the next files. */
  async flush(): Promise<void> {
    await this.recoverPreparing();
    const waiting = await this.database.bulkWriteLine.groupBy({ by: ["shop", "jobId"], where: { bulkWriteId: null }, _count: { _all: true }, _min: { createdAt: true } });
    const active = new Set(
      (await this.database.bulkWrite.findMany({ where: { status: { in: ["preparing", "running", "settling"] } }, select: { shop: true } })).map((write) => write.shop),
    );
    for (const group of waiting) {
      if (this.dead) return;
      // One bulk mutation per shop at a time: the shop's other bulk operations (catalog sync) keep their room.
      if (active.has(group.shop)) continue;
      const job = await this.database.job.findFirst({ where: { id: group.jobId, shop: group.shop }, select: { status: true } });
      if (job?.status === "cancelling" || job?.status === "cancelled") {
        await releaseCancelled(this.database, group.shop, group.jobId);
        continue;
      }
      // A paused job's lines wait for its resume.
      if (job?.status !== "running") continue;
      // More lines still coming: items generating, or ready and about to park (held by a runner).
      const generating = await this.database.jobItem.findFirst({
        where: { jobId: group.jobId, OR: [{ status: { in: ["queued", "running"] } }, { status: "applying", leaseOwner: { not: BULK_WRITE_LEASE } }] },
        select: { id: true },
      });
      const oldest = group._min.createdAt?.getTime() ?? Date.now();
      if (generating && group._count._all < this.batchLines && Date.now() - oldest < this.maxWaitMs) continue;
      active.add(group.shop);
      await this.send(group.shop, group.jobId);
    }
  }

  /** Reads back every running write whose operation has finished (the fallback for a webhook that did not come). */
  async poll(): Promise<void> {
    const now = new Date();
    const writes = await this.database.bulkWrite.findMany({
      where: { OR: [{ status: "running" }, { status: "settling", leaseUntil: { lt: now } }] },
      orderBy: { createdAt: "asc" },
      take: 50,
    });
    for (const write of writes) {
      if (this.dead) return;
      if (!write.operationId) continue;
      const admin = await this.adminFor(write.shop);
      const state = await bulkOperationState(admin, write.operationId);
      if (this.dead) return;
      if (state && !(TERMINAL_BULK_STATUSES as readonly string[]).includes(state.status)) continue;
      await settleWrite(this.context, write.id, state, "poll", () => this.dead);
    }
  }

  /** Builds the next file of the job's waiting lines, stages it and starts the bulk mutation. */
  private async send(shop: string, jobId: string): Promise<void> {
    const { database } = this;
    const lines = await database.bulkWriteLine.findMany({ where: { jobId, shop, bulkWriteId: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: this.batchLines });
    if (lines.length === 0) return;
    const revisionIds = lines.flatMap((line) => parseIds(line.revisionIds));
    const revisions = new Map((await database.revision.findMany({ where: { id: { in: revisionIds }, shop } })).map((revision) => [revision.id, revision]));
    const texts = lines.map((line) =>
      productUpdateLine(
        line.productId,
        parseIds(line.revisionIds).flatMap((id) => {
          const revision = revisions.get(id);
          return revision ? [{ field: copyFieldSchema.parse(revision.field), value: revision.newValue ?? "" }] : [];
        }),
      ),
    );
    const count = linesUnderLimit(texts);
    const chosen = lines.slice(0, count);
    const textOf = new Map(chosen.map((line, index) => [line.id, texts[index]!]));
    // Only the lines this write assigns go in its file: another process flushing the same job at the same moment (scale-out
    // workers) may have taken some first, and a line sent in two files is a value written twice.
    const assigned = await database.$transaction(async (tx) => {
      const created = await tx.bulkWrite.create({ data: { shop, jobId, status: "preparing", lines: 0, leaseOwner: this.owner, leaseUntil: new Date(Date.now() + this.leaseMs) } });
      const taken: typeof chosen = [];
      for (const line of chosen) {
        const moved = await tx.bulkWriteLine.updateMany({ where: { id: line.id, bulkWriteId: null }, data: { bulkWriteId: created.id, lineNumber: taken.length } });
        if (moved.count === 1) taken.push(line);
      }
      if (taken.length === 0) {
        await tx.bulkWrite.delete({ where: { id: created.id } });
        return null;
      }
      return { write: await tx.bulkWrite.update({ where: { id: created.id }, data: { lines: taken.length } }), lines: taken };
    });
    if (!assigned) return;
    const { write } = assigned;
    const file = `${assigned.lines.map((line) => textOf.get(line.id)!).join("\n")}\n`;
    const admin = await this.adminFor(shop);
    let sent = false;
    try {
      const path = await stageFile(admin, `plume-${write.id}.jsonl`, file, this.fetcher);
      if (this.dead) return;
      sent = true;
      const operationId = await runBulkWrite(admin, path, `plume-bulk-write:${write.id}`);
      if (this.dead) return;
      await database.bulkWrite.updateMany({ where: { id: write.id, status: "preparing" }, data: { status: "running", operationId, leaseOwner: null, leaseUntil: null } });
      logger.info({ shop, jobId, bulkWriteId: write.id, operationId, lines: assigned.lines.length }, "bulk write started");
    } catch (error) {
      if (this.dead) return;
      if (error instanceof BulkWriteRefusedError && error.busy) {
        // The shop runs as many bulk operations as it may: the lines wait for the next pass.
        await unassign(database, write.id);
        return;
      }
      if (error instanceof BulkWriteRefusedError) {
        logger.warn({ shop, jobId, bulkWriteId: write.id, error: error.message }, "bulk write refused; its items go back to the per-product path");
        await settleWrite(this.context, write.id, null, "refused", () => this.dead, "preparing");
        return;
      }
      // Not sent yet: the lines simply wait. Sent and the answer lost: the row stays preparing until its lease runs
      // out, then recoverPreparing asks Shopify whether an operation still runs.
      if (!sent || error instanceof PacingDeferredError) await unassign(database, write.id);
      throw error;
    }
  }

  /**
   * A write left `preparing` by a dead process (or a lost answer): whether Shopify started it is unknown. Once the shop
   * has no bulk mutation under way, its items go back to the per-product path, which reads each value in Shopify before
   * writing: one that landed is recorded as written, never sent twice.
   */
  private async recoverPreparing(): Promise<void> {
    const stale = await this.database.bulkWrite.findMany({ where: { status: "preparing", leaseUntil: { lt: new Date() } }, take: 20 });
    for (const write of stale) {
      if (this.dead) return;
      if (await bulkMutationActive(await this.adminFor(write.shop))) continue;
      await settleWrite(this.context, write.id, null, "recovered", () => this.dead, "preparing");
    }
  }
}

function parseIds(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : [];
}

async function unassign(database: Database, writeId: string): Promise<void> {
  await database.$transaction([
    database.bulkWriteLine.updateMany({ where: { bulkWriteId: writeId }, data: { bulkWriteId: null, lineNumber: null } }),
    database.bulkWrite.deleteMany({ where: { id: writeId, status: "preparing" } }),
  ]);
}

/** Lines of a cancelled job not yet in a file are never sent: their revisions give up their keys, the items stop as cancel left them. */
async function releaseCancelled(database: Database, shop: string, jobId: string): Promise<void> {
  const lines = await database.bulkWriteLine.findMany({ where: { shop, jobId, bulkWriteId: null }, select: { id: true, shop: true, itemId: true, revisionIds: true } });
  for (const line of lines) {
    await database.$transaction([
      database.revision.updateMany({
        where: { id: { in: parseIds(line.revisionIds) }, shop: line.shop, status: "pending" },
        data: { status: "failed", failureReason: "admin_error", failureMessage: "Not sent: the job was cancelled.", idempotencyKey: null },
      }),
      database.jobItem.updateMany({ where: { id: line.itemId, status: "applying", leaseOwner: BULK_WRITE_LEASE }, data: { status: "generated", leaseOwner: null, leaseUntil: null } }),
      database.bulkWriteLine.deleteMany({ where: { id: line.id, bulkWriteId: null } }),
    ]);
  }
}

/** Which of a product's values a productUpdate userError names (e.g. ["product", "seo", "title"]). */
function fieldOf(path: string[] | null): string | undefined {
  if (!path) return undefined;
  if (path.includes("seo") && path.includes("title")) return "seoTitle";
  if (path.includes("seo") && path.includes("description")) return "metaDescription";
  if (path.includes("descriptionHtml")) return "descriptionHtml";
  return undefined;
}

/**
 * Settles a write from Shopify's answer (null: no operation to read — refused, unknown to Shopify, or a dead process's
 * write never confirmed): each line by its outcome. Claimed by compare-and-set first, so the webhook and a poller never
 * both settle; every step is conditional on the state it expects, so a settle cut short is finished by the next one.
 */
export async function settleWrite(
  context: Context,
  writeId: string,
  state: BulkOperationState | null,
  settledBy: "webhook" | "poll" | "refused" | "recovered",
  dead: () => boolean = () => false,
  from: "running" | "preparing" = "running",
): Promise<boolean> {
  const { database } = context;
  const now = new Date();
  const claimed = await database.bulkWrite.updateMany({
    where: { id: writeId, OR: [{ status: from }, { status: "settling", leaseUntil: { lt: now } }] },
    data: { status: "settling", leaseOwner: context.owner, leaseUntil: new Date(now.getTime() + context.leaseMs) },
  });
  if (claimed.count !== 1) return false;
  const write = await database.bulkWrite.findUniqueOrThrow({ where: { id: writeId } });
  const url = state?.status === "COMPLETED" ? state.url : state?.partialDataUrl;
  const outcomes = url ? parseResultFile(await downloadResult(url, context.fetch)) : new Map<number, LineOutcome>();
  const noAnswer = state ? `bulk operation ${state.status.toLowerCase()}${state.errorCode ? ` (${state.errorCode})` : ""}` : `bulk write ${settledBy}`;
  const lines = await database.bulkWriteLine.findMany({ where: { bulkWriteId: writeId }, orderBy: { lineNumber: "asc" } });
  for (const line of lines) {
    if (dead()) return false;
    const outcome = outcomes.get(line.lineNumber ?? -1) ?? { kind: "unknown", reason: noAnswer };
    await settleLine(database, line, outcome);
  }
  await database.bulkWrite.updateMany({
    where: { id: writeId, status: "settling", leaseOwner: context.owner },
    data: { status: "settled", outcome: state?.status ?? (settledBy === "refused" ? "REFUSED" : null), settledBy, finishedAt: new Date(), leaseOwner: null, leaseUntil: null },
  });
  await finishJobIfDone(database, write.shop, write.jobId);
  logger.info({ shop: write.shop, jobId: write.jobId, bulkWriteId: writeId, status: state?.status ?? settledBy, settledBy, lines: lines.length }, "bulk write settled");
  return true;
}

type LineRow = Awaited<ReturnType<Database["bulkWriteLine"]["findFirstOrThrow"]>>;

/** One line's result, in one transaction: its revisions, proposals and item move together, and the line goes. */
async function settleLine(database: Database, line: LineRow, outcome: LineOutcome): Promise<void> {
  const ids = parseIds(line.revisionIds);
  await database.$transaction(async (tx) => {
    const revisions = await tx.revision.findMany({ where: { id: { in: ids }, shop: line.shop }, select: { id: true, field: true, locale: true, status: true } });
    const parked = { id: line.itemId, status: "applying", leaseOwner: BULK_WRITE_LEASE };
    if (outcome.kind === "written") {
      await tx.revision.updateMany({ where: { id: { in: ids }, shop: line.shop, status: "pending" }, data: { status: "written" } });
      for (const revision of revisions) {
        await tx.proposal.updateMany({
          where: { shop: line.shop, jobId: line.jobId, productId: line.productId, field: revision.field, locale: revision.locale, status: { in: ["pending", "approved"] } },
          data: { status: "applied" },
        });
      }
      // Alt text or translations still to write: the item goes back to the per-product path for them.
      const remaining = await tx.proposal.findFirst({ where: { shop: line.shop, jobId: line.jobId, productId: line.productId, status: { in: ["pending", "approved"] } }, select: { id: true } });
      await tx.jobItem.updateMany({ where: parked, data: remaining ? { leaseOwner: null, leaseUntil: null } : { status: "applied", finishedAt: new Date(), leaseOwner: null, leaseUntil: null } });
    } else if (outcome.kind === "refused") {
      // productUpdate is all or nothing: a refused line wrote none of its values.
      const message = outcome.userErrors.map((error) => error.message).join(" ");
      const named = new Set(outcome.userErrors.map((error) => fieldOf(error.field)).filter((field) => field !== undefined));
      for (const revision of revisions) {
        await tx.revision.updateMany({
          where: { id: revision.id, status: "pending" },
          data: {
            status: "failed",
            failureReason: "shopify_refused",
            failureMessage: (named.size === 0 || named.has(revision.field) ? message : `Not written: Shopify refused this product's update. ${message}`).slice(0, 2000),
            idempotencyKey: null,
          },
        });
      }
      const field = [...named][0] ?? revisions[0]?.field ?? "";
      await tx.jobItem.updateMany({ where: parked, data: { status: "failed", finishedAt: new Date(), leaseOwner: null, leaseUntil: null, error: encodeItemError({ code: "shopify_refused", params: { field } }) } });
    } else {
      // Not known to be written: the per-product path reads each value in Shopify and writes only what is not there,
      // taking over the pending revisions at once (the operation is over: nobody else holds them).
      await tx.revision.updateMany({ where: { id: { in: ids }, shop: line.shop, status: "pending" }, data: { attemptedAt: LONG_AGO } });
      await tx.jobItem.updateMany({ where: parked, data: { leaseOwner: null, leaseUntil: null } });
    }
    await tx.bulkWriteLine.deleteMany({ where: { id: line.id } });
  });
}

/**
 * The `bulk_operations/finish` webhook: settles the shop's bulk write that waits on this operation, if any (a catalog
 * sync's bulk query, or an operation already settled by polling, is not one). Reads the operation back first: the
 * webhook says it finished, Shopify's answer says where its result is.
 */
export async function settleBulkOperation(database: Database, admin: AdminGraphql, shop: string, operationId: string, fetcher: typeof fetch = fetch): Promise<{ shop: string; jobId: string } | null> {
  const write = await database.bulkWrite.findFirst({ where: { shop, operationId, status: { in: ["running", "settling"] } }, select: { id: true, jobId: true } });
  if (!write) return null;
  const state = await bulkOperationState(admin, operationId);
  if (state && !(TERMINAL_BULK_STATUSES as readonly string[]).includes(state.status)) return null;
  const settled = await settleWrite({ database, owner: `webhook-${randomUUID()}`, leaseMs: DEFAULT_LEASE_MS, fetch: fetcher }, write.id, state, "webhook");
  return settled ? { shop, jobId: write.jobId } : null;
}
