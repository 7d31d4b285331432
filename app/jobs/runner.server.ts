import { randomUUID } from "node:crypto";
import { recordJobFinished } from "~/automation/flow-trigger.server";
import { AdminApiError, type AdminGraphql } from "~/catalog/admin-client.server";
import { refreshIndexedProduct } from "~/catalog/catalog-index.server";
import { ProductNotFoundError, type ProductSnapshot } from "~/catalog/product-facts.server";
import { applyValues, idempotencyKeyFor, PENDING_LEASE_MS } from "~/copy/apply.server";
import { generateItem, loadCopyRun, proposalWrites, type CopyRun } from "~/copy/product-workflow.server";
import { copyFieldSchema } from "~/copy/types";
import type { Database } from "~/db/client.server";
import type { ModelEnvironment } from "~/models/run-context.server";
import { isTransientNetworkError, networkCauseOf } from "~/http/network-errors";
import { logger } from "~/observability/logger.server";
import { providerPacingGate } from "~/pacing/gates.server";
import type { ProviderGate } from "~/pacing/provider-gate";
import type { JobDispatcher } from "./dispatcher";
import { forgetItemAnswers, jobAnswerKeeper } from "./answers.server";
import { slotScopes, type ItemSlots, type SlotScope } from "./slots";
import { encodeItemError, LeaseLostError, moveLeasedItem, tryTransitionJob } from "./state.server";
import { DEFAULT_RUNNER_CONCURRENCY, JOB_PAUSING_ERRORS, jobModeSchema, jobRequestSchema, type ItemError, type JobMode } from "./types";

/**
 * The in-process job runner (docs/decisions/0010). It claims items by lease, runs them
 * with bounded concurrency, and picks shops round-robin so one shop's huge job never
 * starves another's. Every step that changes an item's state is conditional on the lease
 * it holds; an item's result and its status change are one transaction. A runner that
 * dies leaves leases that expire; the next sweep returns those items to the queue.
 */
export interface RunnerDependencies {
  database: Database;
  /** The shop's Admin API client (offline token) for reading products and writing copy. */
  adminFor: (shop: string) => Promise<AdminGraphql>;
  environment?: ModelEnvironment;
  /** Slots shared with other worker processes (scale-out); none for the in-process runner. */
  slots?: ItemSlots;
  /** Other leased work this runner's process looks after, started and stopped with it (catalog syncs: CatalogSyncKeeper). */
  companions?: readonly RunnerCompanion[];
  /** Pacing per shop and model backend (AIMD on the provider's answers); the process's gate when not given. */
  providerGate?: ProviderGate;
  /** Large auto-apply jobs: items ready to write are handed to bulk mutations (app/jobs/bulk-writes, docs/decisions/0021). */
  bulkWrites?: BulkWriteHook;
}

/** Takes an applying item into a bulk write; true when it did (its lease moved to the bulk write: the runner leaves it). */
export interface BulkWriteHook {
  park(input: {
    shop: string;
    jobId: string;
    itemId: string;
    productId: string;
    owner: string;
    admin: AdminGraphql;
    product?: ProductSnapshot;
    writePolicy: CopyRun["settings"]["writePolicy"];
    actor: string;
  }): Promise<boolean>;
}

/** The lease owner of an item parked on a bulk write (app/jobs/bulk-writes): no runner claims or takes it back. */
export const BULK_WRITE_LEASE = "bulk-write";

/** Leased work besides job items that a runner keeps going: it sweeps expired leases on its own clock. */
export interface RunnerCompanion {
  start(owner: string): void;
  /** Stops sweeping and hands over what it holds. */
  stop(): Promise<void>;
  /** Stops dead, as a killed process would. */
  abandon(): Promise<void>;
}

export interface RunnerOptions {
  /** this runner's lease name; unique per process */
  owner?: string;
  /** items in flight at once */
  concurrency?: number;
  /** how long a claim holds before another runner may take the item (renewed while working) */
  leaseMs?: number;
  /** how often an idle runner looks for work and expired leases */
  idleMs?: number;
  /** one call per job event (worker logs) */
  onEvent?: (event: RunnerEvent) => void;
  /**
   * This runner is the only one on its database (the embedded default: SQLite and the in-process runner). At start
   * it takes back at once the items a previous process left leased — that process is gone — instead of waiting for
   * their leases to run out. Writes it left pending still wait PENDING_LEASE_MS (app/copy/apply.server.ts): a request
   * sent just before the kill can still reach Shopify. Never with several runners on one database.
   */
  soleRunner?: boolean;
}

export type RunnerEvent =
  | { type: "item_claimed"; shop: string; jobId: string; itemId: string; phase: "generate" | "apply" }
  | { type: "item_done"; shop: string; jobId: string; itemId: string; phase: "generate" | "apply"; ms: number }
  | { type: "job_finished"; shop: string; jobId: string }
  | { type: "leases_expired"; items: number };

export const DEFAULT_LEASE_MS = 120_000;
/** Claims of one item (crashes under it included) before the sweep gives up on it. */
export const MAX_ITEM_ATTEMPTS = 3;
const CLAIM_CANDIDATES = 8;
/** How long a writing item waits before another try after a connection failure. */
const NETWORK_RETRY_MS = 5_000;
/** How often a busy runner looks for writable items in a job it is generating for (see claimIn). */
const WRITES_PROBE_MS = 1_000;
/** The lease an applying item holds while it waits for a write in progress elsewhere or a deferred Admin call. */
const DEFERRED_LEASE = "deferred";
/**
 * A backend's gate asking for longer than this (a retry-after, a spent quota) holds the job's claims until then:
 * the scheduler waits, not items sleeping in their slots. Shorter waits are the gate spacing calls at its rate,
 * taken inside the call.
 */
const PROVIDER_HOLD_CLAIMS_MS = 1_000;

interface JobRow {
  id: string;
  shop: string;
  status: string;
  mode: JobMode;
  createdBy: string;
  request?: string;
}

interface Claim {
  job: JobRow;
  itemId: string;
  productId: string;
  phase: "generate" | "apply";
  /** the shared slots this item holds, if any */
  slots?: { scopes: SlotScope[]; holder: string };
}

/**
 * The runner's turn among shops: given the shops with work, sorted, and the last shop served, the
 * first shop after it (in that order, wrapping) goes first — even when the last one has no work left.
 */
export function roundRobin(sortedShops: readonly string[], last: string | undefined): string[] {
  const next = last === undefined ? 0 : sortedShops.findIndex((shop) => shop > last);
  return next <= 0 ? [...sortedShops] : [...sortedShops.slice(next), ...sortedShops.slice(0, next)];
}

export class JobRunner implements JobDispatcher {
  readonly owner: string;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly idleMs: number;
  private readonly runs = new Map<string, Promise<CopyRun>>();
  private readonly inFlight = new Map<string, { controller: AbortController; task: Promise<void>; jobId: string }>();
  private lastShop: string | undefined;
  private lastStamp = 0;
  /** Shops whose Admin bucket asked to wait: no claim for them from this runner before this time. */
  private readonly shopNotBefore = new Map<string, number>();
  /** Jobs whose model backend's gate asked to wait (retry-after, spent quota): no claim for them before this time. */
  private readonly jobNotBefore = new Map<string, number>();
  private readonly providerGate: ProviderGate;
  /**
   * Jobs whose queue a claim of this runner emptied: only their items' ends can finish them, so only those look (two
   * queries). A job with items still queued cannot be done; housekeeping looks at every open job anyway.
   */
  private readonly queueDrained = new Set<string>();
  /** When each job was last looked at for its end by finishIfIdleJob. */
  private readonly endProbedAt = new Map<string, number>();
  /** When each job was last looked at for writable items (applying, unleased or lease expired). */
  private readonly writesProbedAt = new Map<string, number>();
  private state: "idle" | "running" | "stopping" | "dead" = "idle";
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private idleWaiters: Array<() => void> = [];
  private readonly onEvent: (event: RunnerEvent) => void;
  private readonly soleRunner: boolean;

  constructor(
    private readonly deps: RunnerDependencies,
    options: RunnerOptions = {},
  ) {
    this.owner = options.owner ?? `runner-${randomUUID()}`;
    this.concurrency = options.concurrency ?? DEFAULT_RUNNER_CONCURRENCY;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.idleMs = options.idleMs ?? 1_000;
    this.onEvent = options.onEvent ?? (() => {});
    this.soleRunner = options.soleRunner ?? false;
    this.providerGate = deps.providerGate ?? providerPacingGate();
  }

  notify(signal?: { shop: string; jobId: string }): void {
    // Something changed in that job (started, resumed, approved values to write…): look for writable items at once.
    if (signal) this.writesProbedAt.delete(signal.jobId);
    else this.writesProbedAt.clear();
    this.wake?.();
  }

  start(): void {
    if (this.state !== "idle") return;
    this.state = "running";
    for (const companion of this.deps.companions ?? []) companion.start(this.owner);
    this.loop = this.run().catch((error: unknown) => logger.error({ error: error instanceof Error ? error.message : String(error) }, "job runner stopped on an error"));
  }

  /** Stops claiming, lets in-flight items finish and settle. */
  async stop(): Promise<void> {
    if (this.state !== "running") return;
    this.state = "stopping";
    this.notify();
    await this.loop;
    await Promise.all([...this.inFlight.values()].map((entry) => entry.task));
    await Promise.all((this.deps.companions ?? []).map((companion) => companion.stop()));
    this.state = "idle";
  }

  /**
   * Stops dead, as a killed process would: no more claims, in-flight work aborted and
   * never settled, leases left to expire. For crash tests and the chaos benchmark.
   */
  async abandon(): Promise<void> {
    this.state = "dead";
    for (const entry of this.inFlight.values()) entry.controller.abort(new Error("runner abandoned"));
    this.notify();
    await this.loop;
    await Promise.allSettled([...this.inFlight.values()].map((entry) => entry.task));
    await Promise.allSettled((this.deps.companions ?? []).map((companion) => companion.abandon()));
  }

  /** Resolves the next time the runner finds nothing to do and nothing in flight (tests, scripts). */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.notify();
    });
  }

  private async run(): Promise<void> {
    if (this.soleRunner) await this.reclaimFromPredecessor().catch((error: unknown) => this.loopError(error));
    await this.sweep().catch((error: unknown) => this.loopError(error));
    while (this.state === "running") {
      let claimed = false;
      try {
        while (this.state === "running" && this.inFlight.size < this.concurrency) {
          const claims = await this.claimNext(this.concurrency - this.inFlight.size);
          if (claims.length === 0) break;
          claimed = true;
          for (const claim of claims) this.launch(claim);
        }
        if (!claimed && this.inFlight.size === 0) {
          await this.housekeeping();
          for (const resolve of this.idleWaiters.splice(0)) resolve();
        }
      } catch (error) {
        // A database that is busy or briefly away: look again after idleMs rather than stop for good.
        this.loopError(error);
      }
      // stop() may have come while this pass was busy (its wake found nobody waiting): no idle wait on an unref'd timer then,
      // or a process with nothing else left would exit with that wait, and stop(), unsettled.
      if (this.state !== "running") break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.idleMs);
        timer.unref();
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      if (!claimed && this.inFlight.size === 0) await this.sweep().catch((error: unknown) => this.loopError(error));
    }
  }

  private loopError(error: unknown) {
    logger.warn({ owner: this.owner, error: error instanceof Error ? error.message : String(error) }, "job runner could not claim or sweep; trying again");
  }

  private launch(claim: Claim) {
    const controller = new AbortController();
    const started = Date.now();
    this.onEvent({ type: "item_claimed", shop: claim.job.shop, jobId: claim.job.id, itemId: claim.itemId, phase: claim.phase });
    const heartbeat = setInterval(() => {
      if (claim.slots) void this.deps.slots?.renew(claim.slots.scopes, claim.slots.holder, this.leaseMs).catch(() => undefined);
      void this.deps.database.jobItem
        .updateMany({ where: { id: claim.itemId, leaseOwner: this.owner, status: { in: ["running", "applying"] } }, data: { leaseUntil: new Date(Date.now() + this.leaseMs) } })
        .catch(() => undefined);
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    const task = this.process(claim, controller.signal)
      .catch(async (error: unknown) => {
        if (this.state === "dead" || error instanceof LeaseLostError) return;
        // fetch's "fetch failed" says nothing by itself: its cause (ECONNRESET, a timeout…) is what tells what happened.
        const cause = networkCauseOf(error);
        const described = { jobId: claim.job.id, itemId: claim.itemId, phase: claim.phase, error: error instanceof Error ? error.message : String(error), ...(cause ? { cause } : {}) };
        // The shop's Admin bucket (our gate, or Shopify's THROTTLED) says "in N ms": the item waits, it has not failed.
        if (error instanceof AdminApiError && error.details.retryable && error.details.retryAfterMs !== undefined) {
          if (await this.deferItem(claim, error.details.retryAfterMs).catch(() => false)) return;
        }
        const network = isTransientNetworkError(error);
        if (network && (await this.retryLater(claim).catch(() => false))) {
          logger.warn(described, "job item could not reach Shopify or the model provider; trying it again shortly");
          return;
        }
        logger.error(described, "job item failed unexpectedly");
        await this.settleFailure(claim, { code: network ? "network_error" : "internal_error", params: {} }, 0).then(
          () => undefined,
          () => undefined,
        );
      })
      .finally(async () => {
        clearInterval(heartbeat);
        if (this.state !== "dead") this.onEvent({ type: "item_done", shop: claim.job.shop, jobId: claim.job.id, itemId: claim.itemId, phase: claim.phase, ms: Date.now() - started });
        // A dead runner releases nothing (as a killed process could not); its slots expire.
        if (claim.slots && this.state !== "dead") await this.deps.slots?.release(claim.slots.scopes, claim.slots.holder).catch(() => undefined);
        this.inFlight.delete(claim.itemId);
        this.notify();
      });
    this.inFlight.set(claim.itemId, { controller, task, jobId: claim.job.id });
  }

  /**
   * Expired leases go back: a running item to the queue (an applying one stays applying for the
   * next claim). An item whose runner died under it MAX_ITEM_ATTEMPTS times fails instead, so one
   * product that kills its runner cannot do it forever.
   */
  async sweep(): Promise<number> {
    const now = new Date();
    const expired = { status: "running", leaseUntil: { lt: now } };
    await this.deps.database.jobItem.updateMany({
      where: { ...expired, attempts: { gte: MAX_ITEM_ATTEMPTS } },
      data: { status: "failed", leaseOwner: null, leaseUntil: null, finishedAt: now, error: encodeItemError({ code: "internal_error", params: {} }) },
    });
    const result = await this.deps.database.jobItem.updateMany({ where: expired, data: { status: "queued", leaseOwner: null, leaseUntil: null } });
    if (result.count > 0) this.onEvent({ type: "leases_expired", items: result.count });
    return result.count;
  }

  /**
   * The sole runner's start: every lease held by another owner belonged to a process that is gone (a restarted
   * server), so those leases end now and the sweep and claims take the items back. A write that process had left
   * pending still waits out its own lease (apply.server.ts), since its request may yet land.
   */
  private async reclaimFromPredecessor(): Promise<void> {
    const past = new Date(0);
    const running = await this.deps.database.jobItem.updateMany({ where: { status: "running", leaseOwner: { not: this.owner } }, data: { leaseUntil: past } });
    // Deferred ones too: what they waited for (a dead attempt's pending write, a throttled bucket) is asked again now.
    const applying = await this.deps.database.jobItem.updateMany({ where: { status: "applying", leaseOwner: { notIn: [this.owner, BULK_WRITE_LEASE] } }, data: { leaseOwner: null, leaseUntil: null } });
    if (running.count + applying.count > 0) logger.info({ owner: this.owner, running: running.count, applying: applying.count }, "job runner took back the items a previous process left");
  }

  /**
   * The next items to run (at most `want`, all from one job): shops in turn (round-robin), each shop's jobs
   * oldest first, writes before generations. With shared slots (scale-out), one item per claim, each holding its slot.
   */
  private async claimNext(want: number): Promise<Claim[]> {
    const jobs = await this.deps.database.job.findMany({
      where: { status: { in: ["queued", "running"] } },
      select: { id: true, shop: true, status: true, mode: true, createdBy: true, request: this.deps.slots !== undefined },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const byShop = new Map<string, JobRow[]>();
    for (const row of jobs) {
      const list = byShop.get(row.shop) ?? [];
      list.push({ ...row, mode: jobModeSchema.parse(row.mode) });
      byShop.set(row.shop, list);
    }
    // Free places are shared out between the shops with work, so a batch never fills the runner from one shop.
    const share = Math.max(1, Math.ceil(want / byShop.size));
    const now = Date.now();
    for (const shop of roundRobin([...byShop.keys()].sort(), this.lastShop)) {
      if ((this.shopNotBefore.get(shop) ?? 0) > now) continue;
      for (const job of byShop.get(shop)!) {
        if ((this.jobNotBefore.get(job.id) ?? 0) > now || (await this.providerHold(job, now))) continue;
        const slots = await this.takeSlots(job);
        if (slots === null) continue;
        const claims = await this.claimIn(job, slots ? 1 : share);
        if (claims.length === 0) {
          if (slots) await this.deps.slots!.release(slots.scopes, slots.holder);
          await this.finishIfIdleJob(job, now);
          continue;
        }
        if (slots) claims[0]!.slots = slots;
        this.lastShop = shop;
        if (job.status === "queued") await tryTransitionJob(this.deps.database, { shop, jobId: job.id, from: ["queued"], to: "running", data: { startedAt: new Date() } });
        return claims;
      }
    }
    return [];
  }

  /**
   * True when the job's model backend's gate holds calls for longer than a spacing wait (the provider's retry-after, a
   * spent quota): the job gets no claim until then. A run that cannot be loaded is left to fail its items by name.
   */
  private async providerHold(job: JobRow, now: number): Promise<boolean> {
    const run = await this.copyRun(job).catch(() => undefined);
    const backendId = run?.model.ok ? run.model.asked?.backendId : undefined;
    if (!backendId) return false;
    const waitMs = await this.providerGate.delayFor({ shop: job.shop, backendId });
    if (waitMs <= PROVIDER_HOLD_CLAIMS_MS) return false;
    this.jobNotBefore.set(job.id, now + waitMs);
    return true;
  }

  /** Shared slots for one more item of this job: undefined when none are used, null when they are full. */
  private async takeSlots(job: JobRow): Promise<Claim["slots"] | null> {
    const shared = this.deps.slots;
    if (!shared) return undefined;
    let backendId: string | undefined;
    try {
      backendId = jobRequestSchema.parse(JSON.parse(job.request ?? "null")).backendId;
    } catch {
      backendId = undefined; // the shop's default backend's slots
    }
    const scopes = slotScopes(job.shop, backendId);
    const holder = `${this.owner}:${randomUUID()}`;
    return (await shared.acquire(scopes, holder, this.leaseMs)) ? { scopes, holder } : null;
  }

  /** A lease end strictly later than any this runner gave before: it names one claim's items (see claimIn). */
  private leaseStamp(): Date {
    const next = Math.max(Date.now() + this.leaseMs, this.lastStamp + 1);
    this.lastStamp = next;
    return new Date(next);
  }

  /**
   * Up to `want` items of one job. Queued items are claimed in three statements whatever their number: pick
   * candidates, move those still queued to running under this runner with a lease end no other claim has, read
   * back the ones that moved — another runner may have taken some in between (its update came first: the row no
   * longer matched ours). Applying items (left by a crash or deferred) are rare; they are taken one by one.
   */
  private async claimIn(job: JobRow, want: number): Promise<Claim[]> {
    const { database } = this.deps;
    const now = new Date();
    const claims: Claim[] = [];
    // Writable items appear when the merchant applies approved values (notify() makes the next claim look) or when a
    // lease or a deferral runs out (seconds to minutes): looking once per WRITES_PROBE_MS per job is soon enough, and
    // spares a query per item of a large job.
    const probed = this.writesProbedAt.get(job.id);
    const probeWrites = probed === undefined || now.getTime() - probed >= WRITES_PROBE_MS;
    if (probeWrites) this.writesProbedAt.set(job.id, now.getTime());
    const writable = probeWrites
      ? await database.jobItem.findMany({
          where: { jobId: job.id, status: "applying", OR: [{ leaseOwner: null }, { leaseUntil: { lt: now } }] },
          select: { id: true, productId: true },
          orderBy: { id: "asc" },
          take: Math.min(want, CLAIM_CANDIDATES),
        })
      : [];
    // Found some: there may be more, look again next time.
    if (writable.length > 0) this.writesProbedAt.delete(job.id);
    for (const item of writable) {
      const won = await database.jobItem.updateMany({
        where: { id: item.id, status: "applying", OR: [{ leaseOwner: null }, { leaseUntil: { lt: now } }] },
        data: { leaseOwner: this.owner, leaseUntil: new Date(now.getTime() + this.leaseMs) },
      });
      if (won.count === 1) claims.push({ job, itemId: item.id, productId: item.productId, phase: "apply" });
    }
    if (claims.length < want) {
      // Fewest attempts first: an item sent back by a crash goes behind the fresh ones, so crashes close together do not
      // keep hitting the same items until MAX_ITEM_ATTEMPTS fails them (a product that itself kills its runner still does).
      // One candidate more than wanted, to know whether this claim empties the queue (then its items' ends look for the job's end).
      const candidates = await database.jobItem.findMany({
        where: { jobId: job.id, status: "queued" },
        select: { id: true, productId: true },
        orderBy: [{ attempts: "asc" }, { id: "asc" }],
        take: want - claims.length + 1,
      });
      const queued = candidates.slice(0, want - claims.length);
      if (candidates.length === queued.length) this.queueDrained.add(job.id);
      if (queued.length === 1) {
        // One item: the conditional update says by itself whether it was won.
        const [item] = queued as [{ id: string; productId: string }];
        const won = await database.jobItem.updateMany({
          where: { id: item.id, status: "queued" },
          data: { status: "running", leaseOwner: this.owner, leaseUntil: this.leaseStamp(), attempts: { increment: 1 }, startedAt: now, error: null },
        });
        if (won.count === 1) claims.push({ job, itemId: item.id, productId: item.productId, phase: "generate" });
      } else if (queued.length > 1) {
        const ids = queued.map((item) => item.id);
        const stamp = this.leaseStamp();
        await database.jobItem.updateMany({
          where: { id: { in: ids }, status: "queued" },
          data: { status: "running", leaseOwner: this.owner, leaseUntil: stamp, attempts: { increment: 1 }, startedAt: now, error: null },
        });
        const won = await database.jobItem.findMany({ where: { id: { in: ids }, status: "running", leaseOwner: this.owner, leaseUntil: stamp }, select: { id: true, productId: true }, orderBy: { id: "asc" } });
        for (const item of won) claims.push({ job, itemId: item.id, productId: item.productId, phase: "generate" });
      }
    }
    return claims;
  }

  private copyRun(job: JobRow): Promise<CopyRun> {
    let run = this.runs.get(job.id);
    if (!run) {
      run = (async () => {
        const row = await this.deps.database.job.findUniqueOrThrow({ where: { id: job.id }, select: { request: true } });
        const request = jobRequestSchema.parse(JSON.parse(row.request));
        const loaded = await loadCopyRun(this.deps.database, job.shop, request, { jobId: job.id, ...(this.deps.environment ? { environment: this.deps.environment } : {}) });
        // The job's calls are paced per shop and backend: spacing waits inside the call, longer holds in the scheduler (providerHold).
        if (loaded.model.ok) {
          const { context } = loaded.model;
          context.pacing = { gate: this.providerGate, mode: "wait" };
          // Answers are kept until the item's proposals are stored: a crash in between does not pay for them twice.
          context.answers = jobAnswerKeeper(this.deps.database, job.shop, job.id);
          // One connection (settings read, key decrypted) serves the job's calls for a minute at a time.
          context.openedConnections = new Map();
        }
        // A job may carry its own write policy (the new-product automation fills blanks only by default).
        return request.writePolicy ? { ...loaded, settings: { ...loaded.settings, writePolicy: request.writePolicy } } : loaded;
      })();
      run.catch(() => this.runs.delete(job.id));
      this.runs.set(job.id, run);
    }
    return run;
  }

  private async process(claim: Claim, signal: AbortSignal): Promise<void> {
    const admin = await this.deps.adminFor(claim.job.shop);
    const run = await this.copyRun(claim.job);
    let product: ProductSnapshot | undefined;
    if (claim.phase === "generate") {
      const generated = await this.generate(claim, admin, run, signal);
      if (generated.to !== "applying" || this.state === "dead") return this.afterItem(claim.job);
      // Written right after generation: the product read for it is passed down, not read again.
      product = generated.product;
    }
    if (claim.job.mode === "auto_apply" && (await this.parkForBulkWrite(claim, admin, run, product))) return this.afterItem(claim.job);
    await this.apply(claim, admin, run, product);
    await this.afterItem(claim.job);
  }

  private async generate(claim: Claim, admin: AdminGraphql, run: CopyRun, signal: AbortSignal): Promise<{ to: string; product?: ProductSnapshot }> {
    const { database } = this.deps;
    let generation;
    try {
      generation = await generateItem(admin, database, run, claim.productId, signal);
    } catch (error) {
      if (this.state === "dead") throw new LeaseLostError(claim.itemId);
      if (error instanceof ProductNotFoundError) return { to: await this.settleFailure(claim, { code: "product_not_found", params: { productId: claim.productId } }, 0) };
      throw error;
    }
    if (this.state === "dead") throw new LeaseLostError(claim.itemId);
    if (!generation.outcome.ok) return { to: await this.settleFailure(claim, { code: generation.outcome.error?.kind ?? "model_error", params: {} }, generation.costMicros) };
    const publishable = generation.results.reduce((sum, result) => sum + result.proposals.filter((proposal) => proposal.hardFailures.length === 0).length, 0);
    if (publishable === 0) {
      const [first] = generation.outcome.rejected;
      return { to: await this.settleFailure(claim, { code: "all_rejected", params: { issue: first?.issues[0]?.code ?? "" } }, generation.costMicros) };
    }
    const to = claim.job.mode === "auto_apply" ? "applying" : "generated";
    const cost = generation.costMicros;
    await database.$transaction(async (tx) => {
      const moved = await moveLeasedItem(tx, {
        itemId: claim.itemId,
        owner: this.owner,
        from: "running",
        to,
        data: { costMicros: BigInt(cost), ...(to === "generated" ? { finishedAt: new Date(), leaseOwner: null, leaseUntil: null } : {}) },
      });
      if (!moved) throw new LeaseLostError(claim.itemId);
      for (const result of generation.results) {
        for (const write of proposalWrites(tx as unknown as Database, claim.job.shop, claim.productId, result.proposals, result.backendId, result.modelId, claim.job.id)) await write;
      }
      await forgetItemAnswers(tx as unknown as Database, claim.job.shop, claim.job.id, claim.productId);
      await tx.job.update({ where: { id: claim.job.id }, data: { spentMicros: { increment: BigInt(cost) }, reservedMicros: { decrement: BigInt(cost) } } });
    });
    return generation.product ? { to, product: generation.product } : { to };
  }

  /**
   * An item a pacing gate deferred ("the bucket frees enough points in N ms"): a generating item goes back to the queue
   * without counting the attempt, a writing one stays applying under a deferred lease; the shop gets no new claim
   * from this runner until then.
   */
  private async deferItem(claim: Claim, waitMs: number): Promise<boolean> {
    const { database } = this.deps;
    const until = Date.now() + Math.max(50, waitMs);
    this.shopNotBefore.set(claim.job.shop, until);
    const item = await database.jobItem.findFirst({ where: { id: claim.itemId, leaseOwner: this.owner }, select: { status: true } });
    if (!item) return false;
    const moved =
      item.status === "running"
        ? await database.jobItem.updateMany({
            where: { id: claim.itemId, leaseOwner: this.owner, status: "running" },
            data: { status: "queued", leaseOwner: null, leaseUntil: null, attempts: { decrement: 1 } },
          })
        : await database.jobItem.updateMany({ where: { id: claim.itemId, leaseOwner: this.owner, status: "applying" }, data: { leaseOwner: DEFERRED_LEASE, leaseUntil: new Date(until) } });
    return moved.count === 1;
  }

  /**
   * An item whose Admin or model call failed on the connection itself (reset, refused, timed out) goes back for
   * another try instead of failing: a generating item to the queue (the next claim counts an attempt), a writing one
   * stays applying, deferred by NETWORK_RETRY_MS (its writes are idempotent). False once it has had MAX_ITEM_ATTEMPTS.
   */
  private async retryLater(claim: Claim): Promise<boolean> {
    const { database } = this.deps;
    const item = await database.jobItem.findFirst({ where: { id: claim.itemId, leaseOwner: this.owner }, select: { status: true, attempts: true } });
    if (!item || item.attempts >= MAX_ITEM_ATTEMPTS) return false;
    const moved =
      item.status === "running"
        ? await database.jobItem.updateMany({ where: { id: claim.itemId, leaseOwner: this.owner, status: "running" }, data: { status: "queued", leaseOwner: null, leaseUntil: null } })
        : await database.jobItem.updateMany({
            where: { id: claim.itemId, leaseOwner: this.owner, status: "applying" },
            data: { leaseOwner: DEFERRED_LEASE, leaseUntil: new Date(Date.now() + NETWORK_RETRY_MS), attempts: { increment: 1 } },
          });
    return moved.count === 1;
  }

  /**
   * An item that ends in failure: its cost still settles against the job's reservation. A failure
   * every later item would repeat (a spent budget, a refused key, an account out of credit) pauses
   * the job with that reason instead of failing the rest one by one; the merchant fixes it and resumes.
   */
  private async settleFailure(claim: Claim, error: ItemError, cost: number): Promise<string> {
    await this.settleFailed(claim, error, cost);
    if ((JOB_PAUSING_ERRORS as readonly string[]).includes(error.code)) {
      await tryTransitionJob(this.deps.database, { shop: claim.job.shop, jobId: claim.job.id, from: ["running"], to: "paused", data: { pausedAt: new Date(), error: encodeItemError(error) } });
    }
    return "failed";
  }

  private async settleFailed(claim: Claim, error: ItemError, cost: number): Promise<void> {
    // A generation claim that failed while writing has already moved its item on to applying.
    const current = await this.deps.database.jobItem.findFirst({ where: { id: claim.itemId, leaseOwner: this.owner }, select: { status: true } });
    const from = current?.status === "applying" ? "applying" : claim.phase === "generate" ? "running" : "applying";
    await this.deps.database.$transaction(async (tx) => {
      const moved = await moveLeasedItem(tx, {
        itemId: claim.itemId,
        owner: this.owner,
        from,
        to: "failed",
        data: { error: encodeItemError(error), finishedAt: new Date(), leaseOwner: null, leaseUntil: null, ...(cost > 0 ? { costMicros: { increment: BigInt(cost) } } : {}) },
      });
      if (!moved) throw new LeaseLostError(claim.itemId);
      await forgetItemAnswers(tx as unknown as Database, claim.job.shop, claim.job.id, claim.productId);
      if (cost > 0) await tx.job.update({ where: { id: claim.job.id }, data: { spentMicros: { increment: BigInt(cost) }, reservedMicros: { decrement: BigInt(cost) } } });
    });
  }

  private async parkForBulkWrite(claim: Claim, admin: AdminGraphql, run: CopyRun, product?: ProductSnapshot): Promise<boolean> {
    if (!this.deps.bulkWrites || this.state === "dead") return false;
    const { job } = claim;
    const input = { shop: job.shop, jobId: job.id, itemId: claim.itemId, productId: claim.productId, owner: this.owner, admin, writePolicy: run.settings.writePolicy, actor: job.createdBy };
    return this.deps.bulkWrites.park(product ? { ...input, product } : input);
  }

  /** Writes the item's proposals (auto-apply: its pending ones; review: the approved ones) through applyValues. */
  private async apply(claim: Claim, admin: AdminGraphql, run: CopyRun, product?: ProductSnapshot): Promise<void> {
    const { database } = this.deps;
    const shop = claim.job.shop;
    const rows = await database.proposal.findMany({
      where: { shop, jobId: claim.job.id, productId: claim.productId, status: claim.job.mode === "auto_apply" ? { in: ["pending", "approved"] } : "approved" },
      orderBy: { createdAt: "asc" },
    });
    if (rows.length === 0) {
      await moveLeasedItem(database, { itemId: claim.itemId, owner: this.owner, from: "applying", to: "skipped", data: { finishedAt: new Date(), leaseOwner: null, leaseUntil: null } });
      return;
    }
    let outcome;
    try {
      outcome = await applyValues(admin, database, {
        shop,
        productId: claim.productId,
        ...(product ? { product } : {}),
        // Keyed by the job item, not the proposal: an item applied again after a crash writes each value once.
        values: rows.map((row) => {
          const target = { field: copyFieldSchema.parse(row.field), locale: row.locale, resourceId: row.resourceId, value: row.value };
          return { ...target, idempotencyKey: idempotencyKeyFor({ item: `job-item:${claim.itemId}`, ...target }) };
        }),
        writePolicy: run.settings.writePolicy,
        source: `job:${claim.job.id}`,
        actor: claim.job.createdBy,
        jobId: claim.job.id,
        // Checked right before sending: an attempt that lost its lease sends nothing.
        exclusive: { assertHeld: () => this.assertLeaseHeld(claim) },
      });
    } finally {
      await refreshIndexedProduct(admin, database, shop, claim.productId).catch(() => undefined);
    }
    // Each proposal follows its value: written → applied; kept by the write policy or unchanged → kept_existing.
    // A value still in progress elsewhere, or without a source text, stays as it is. One statement per status.
    const byStatus = new Map<"applied" | "kept_existing", string[]>();
    outcome.results.forEach((result, index) => {
      const status = result.status === "written" ? "applied" : result.status === "skipped" && (result.reason === "not_blank" || result.reason === "unchanged") ? "kept_existing" : undefined;
      if (status) byStatus.set(status, [...(byStatus.get(status) ?? []), rows[index]!.id]);
    });
    for (const [status, ids] of byStatus) await database.proposal.updateMany({ where: { id: { in: ids }, shop }, data: { status } });
    // A value another attempt is still writing (a crashed runner's pending revision, within its lease) or one the
    // Admin gate deferred: the item stays applying and comes back when that wait is over, instead of failing.
    const waitMs = outcome.results.reduce((longest, result) => {
      if (result.status === "skipped" && result.reason === "in_progress") return Math.max(longest, PENDING_LEASE_MS);
      if (result.status === "failed" && result.retryAfterMs !== undefined) return Math.max(longest, result.retryAfterMs);
      return longest;
    }, 0);
    if (waitMs > 0) {
      await this.deps.database.jobItem.updateMany({
        where: { id: claim.itemId, leaseOwner: this.owner, status: "applying" },
        data: { leaseOwner: DEFERRED_LEASE, leaseUntil: new Date(Date.now() + waitMs) },
      });
      return;
    }
    // Shopify could not be reached for some values (nothing was sent): another try shortly, a bounded number of times.
    if (outcome.results.some((result) => result.status === "failed" && result.unreachable)) {
      if (await this.retryLater(claim)) return;
      await moveLeasedItem(database, {
        itemId: claim.itemId,
        owner: this.owner,
        from: "applying",
        to: "failed",
        data: { finishedAt: new Date(), leaseOwner: null, leaseUntil: null, error: encodeItemError({ code: "network_error", params: {} }) },
      });
      return;
    }
    const failure = outcome.failed[0];
    const to = failure ? "failed" : outcome.applied.length === 0 ? "skipped" : "applied";
    await moveLeasedItem(database, {
      itemId: claim.itemId,
      owner: this.owner,
      from: "applying",
      to,
      data: { finishedAt: new Date(), leaseOwner: null, leaseUntil: null, ...(failure ? { error: encodeItemError({ code: failure.reason, params: { field: failure.field } }) } : {}) },
    });
  }

  /** Throws LeaseLostError unless this runner still holds the item (checked right before its values are sent). */
  private async assertLeaseHeld(claim: Claim): Promise<void> {
    if (this.state === "dead") throw new LeaseLostError(claim.itemId);
    const held = await this.deps.database.jobItem.findFirst({ where: { id: claim.itemId, leaseOwner: this.owner, status: "applying" }, select: { id: true } });
    if (!held) throw new LeaseLostError(claim.itemId);
  }

  /**
   * A running job this runner found nothing to claim in, with none of its items in flight here: its last items may
   * have ended in another runner's hands (or in a bulk write) after their own look (afterItem). Looked at once per
   * WRITES_PROBE_MS, so a job waiting on writes elsewhere costs two queries a second, not two per pass.
   */
  private async finishIfIdleJob(job: JobRow, now: number): Promise<void> {
    if (job.status !== "running" || this.state !== "running") return;
    if (now - (this.endProbedAt.get(job.id) ?? 0) < WRITES_PROBE_MS) return;
    for (const entry of this.inFlight.values()) if (entry.jobId === job.id) return;
    this.endProbedAt.set(job.id, now);
    await this.finishIfDone(job);
  }

  /** After an item: a job with nothing left to run or write is finished, and its reservation released. */
  private async afterItem(job: JobRow): Promise<void> {
    if (this.state === "dead" || !this.queueDrained.has(job.id)) return;
    await this.finishIfDone(job);
  }

  /** Finishes the job if nothing is left to run or write in it, and forgets what this runner kept about it. */
  private async finishIfDone(job: { id: string; shop: string }): Promise<boolean> {
    if (!(await finishJobIfDone(this.deps.database, job.shop, job.id))) return false;
    this.runs.delete(job.id);
    this.queueDrained.delete(job.id);
    this.endProbedAt.delete(job.id);
    this.onEvent({ type: "job_finished", shop: job.shop, jobId: job.id });
    return true;
  }

  private async housekeeping(): Promise<void> {
    const open = await this.deps.database.job.findMany({ where: { status: { in: ["running", "cancelling"] } }, select: { id: true, shop: true } });
    for (const job of open) await this.finishIfDone(job);
  }
}

/**
 * A running job with no queued, running or applying item is completed; a cancelling one with
 * none in flight is cancelled. Either way its remaining reservation is released.
 */
export async function finishJobIfDone(database: Database, shop: string, jobId: string): Promise<boolean> {
  const job = await database.job.findFirst({ where: { id: jobId, shop }, select: { status: true } });
  if (!job) return false;
  const now = new Date();
  if (job.status === "running") {
    // Whether any item is open, not how many: one indexed lookup, whatever the job's size (it runs after every item).
    const open = await database.jobItem.findFirst({ where: { jobId, status: { in: ["queued", "running", "applying"] } }, select: { id: true } });
    if (open) return false;
    return finishJob(database, { shop, jobId, from: "running", to: "completed", finishedAt: now });
  }
  if (job.status === "cancelling") {
    const open = await database.jobItem.findFirst({ where: { jobId, status: { in: ["running", "applying"] }, leaseOwner: { not: null } }, select: { id: true } });
    if (open) return false;
    return finishJob(database, { shop, jobId, from: "cancelling", to: "cancelled", finishedAt: now });
  }
  return false;
}

/** The job's last transition and its Flow trigger event, in one transaction: the event exists exactly when the job finished. */
function finishJob(database: Database, input: { shop: string; jobId: string; from: "running" | "cancelling"; to: "completed" | "cancelled"; finishedAt: Date }): Promise<boolean> {
  const { shop, jobId, finishedAt } = input;
  return database.$transaction(async (tx) => {
    const moved = await tryTransitionJob(tx, { shop, jobId, from: [input.from], to: input.to, data: { finishedAt, reservedMicros: 0n } });
    if (moved) await recordJobFinished(tx, { shop, jobId, status: input.to, finishedAt });
    // Answers an item kept and never needed (it was cancelled or deferred after its call): nothing will ask for them.
    if (moved) await tx.jobAnswer.deleteMany({ where: { shop, jobId } });
    return moved;
  });
}
