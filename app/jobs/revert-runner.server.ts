import { randomUUID } from "node:crypto";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import type { Database } from "~/db/client.server";
import { logger } from "~/observability/logger.server";
import type { JobDispatcher } from "./dispatcher";
import { claimJobRevert, DEFAULT_REVERT_LEASE_MS, releaseJobRevert, revertFailed, revertNextProduct, type ClaimedRevert } from "./revert.server";

/**
 * Runs whole-job reverts in the background (revert.server.ts), beside the job runner in each process
 * that runs jobs: the web process's in-process runner, or each `npm run worker`. One revert at a time
 * per process; it holds the revert's lease (renewed every third of it) while it works through the
 * products, and looks for reverts on its own every `idleMs`, so a lost wake-up only delays.
 */
export interface RevertRunnerDependencies {
  database: Database;
  /** The shop's Admin API client (offline token). */
  adminFor: (shop: string) => Promise<AdminGraphql>;
}

export interface RevertRunnerOptions {
  owner?: string;
  leaseMs?: number;
  /** how often an idle runner looks for reverts (and leases left by a dead worker) */
  idleMs?: number;
}

export class JobRevertRunner implements JobDispatcher {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly idleMs: number;
  private state: "idle" | "running" | "stopping" | "dead" = "idle";
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private idleWaiters: Array<() => void> = [];
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly deps: RevertRunnerDependencies,
    options: RevertRunnerOptions = {},
  ) {
    this.owner = options.owner ?? `revert-${randomUUID()}`;
    this.leaseMs = options.leaseMs ?? DEFAULT_REVERT_LEASE_MS;
    this.idleMs = options.idleMs ?? 2_000;
  }

  notify(): void {
    this.wake?.();
  }

  start(): void {
    if (this.state !== "idle") return;
    this.state = "running";
    this.loop = this.run().catch((error: unknown) => logger.error({ error: error instanceof Error ? error.message : String(error) }, "job revert runner stopped on an error"));
  }

  /** Stops after the product in hand and hands the revert back for the next worker (or this process, restarted). */
  async stop(): Promise<void> {
    if (this.state !== "running") return;
    this.state = "stopping";
    this.notify();
    await this.loop;
    this.state = "idle";
  }

  /**
   * Stops dead, as a killed process would: no more steps, no more lease renewals, nothing settled; the product in
   * hand is left where it was. For crash tests.
   */
  abandon(): void {
    this.state = "dead";
    clearInterval(this.heartbeat);
    this.notify();
  }

  /** Resolves the next time the runner finds no revert to run (tests, scripts). */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.notify();
    });
  }

  private async run(): Promise<void> {
    while (this.state === "running") {
      let claimed: ClaimedRevert | null = null;
      try {
        claimed = await claimJobRevert(this.deps.database, this.owner, this.leaseMs);
        if (claimed) await this.work(claimed);
      } catch (error) {
        // A database that is busy or briefly away: look again after idleMs rather than stop for good.
        logger.warn({ owner: this.owner, error: error instanceof Error ? error.message : String(error) }, "job revert runner could not claim; trying again");
      }
      if (this.state !== "running") return;
      if (claimed) continue;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.idleMs);
        timer.unref();
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** Read through a method: the state changes while a step is awaited. */
  private dead(): boolean {
    return this.state === "dead";
  }

  /** Works through the claimed revert's products until it is done, handed back to wait, or taken by another worker. */
  private async work(revert: ClaimedRevert): Promise<void> {
    const { database } = this.deps;
    const heartbeat = (this.heartbeat = setInterval(
      () => {
        if (this.state === "dead") return;
        void database.jobRevert.updateMany({ where: { id: revert.id, leaseOwner: this.owner, status: "running" }, data: { leaseUntil: new Date(Date.now() + this.leaseMs) } }).catch(() => undefined);
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    ));
    try {
      const admin = await this.deps.adminFor(revert.shop);
      while (this.state === "running") {
        const step = await revertNextProduct(admin, database, revert, this.owner, this.leaseMs);
        if (this.dead() || step !== "continue") return;
      }
      // Stopping between two products: the next holder resumes after the last one done.
      if (!this.dead()) await releaseJobRevert(database, revert, this.owner);
    } catch (error) {
      if (this.dead()) return;
      logger.error({ revertId: revert.id, jobId: revert.jobId, error: error instanceof Error ? error.message : String(error) }, "job revert failed unexpectedly");
      await revertFailed(database, revert, this.owner).catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
    }
  }
}
