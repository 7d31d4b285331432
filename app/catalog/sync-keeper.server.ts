import type { Database } from "~/db/client.server";
import { logger } from "~/observability/logger.server";
import type { AdminGraphql } from "./admin-client.server";
import { resumeCatalogSync, type SyncOptions } from "./catalog-index.server";
import {
  CATALOG_SYNC_LEASE_MS,
  expiredCatalogSyncs,
  failExhaustedSyncs,
  newSyncOwner,
  releaseCatalogSync,
  takeOverCatalogSync,
  type SyncLease,
  type SyncOutcome,
} from "./sync-lease.server";

/** How often a keeper looks for catalog syncs whose process died. */
export const CATALOG_SYNC_SWEEP_MS = 5_000;
/** Expired syncs a sweep takes over at most (the next sweep takes the rest). */
const SWEEP_CANDIDATES = 8;

export interface CatalogSyncKeeperOptions {
  sweepMs?: number;
  leaseMs?: number;
  /** For the syncs it runs (poll interval, time limit; tests). */
  sync?: Pick<SyncOptions, "pollIntervalMs" | "timeoutMs" | "fetch">;
}

/**
 * Looks after catalog syncs whose process died (docs/decisions/0014): every `sweepMs` it fails the
 * ones out of attempts and takes over the ones whose lease expired, carrying each on in this
 * process with the shop's offline Admin client. A JobRunner starts and stops it with itself (its
 * `companions`), so every process that runs jobs — the in-process runner, each BullMQ worker —
 * also keeps catalog syncs from staying "running" forever.
 */
export class CatalogSyncKeeper {
  private owner = "catalog-keeper";
  private timer: ReturnType<typeof setInterval> | undefined;
  private sweeping: Promise<unknown> | undefined;
  private readonly held = new Map<string, { lease: SyncLease; controller: AbortController; done: Promise<SyncOutcome> }>();

  constructor(
    private readonly database: Database,
    private readonly adminFor: (shop: string) => Promise<AdminGraphql>,
    private readonly options: CatalogSyncKeeperOptions = {},
  ) {}

  /** Starts sweeping; `owner` (the runner's name) prefixes the leases it takes, for the logs. */
  start(owner: string): void {
    if (this.timer) return;
    this.owner = owner;
    this.timer = setInterval(() => this.tick(), this.options.sweepMs ?? CATALOG_SYNC_SWEEP_MS);
    this.timer.unref();
    this.tick();
  }

  /** Stops sweeping and hands the syncs it runs back at once (lease dropped, attempt given back) for another process to resume. */
  async stop(): Promise<void> {
    await this.halt();
    await Promise.all(
      [...this.held.values()].map(async (entry) => {
        entry.controller.abort();
        if ((await entry.done).status === "stopped") {
          await releaseCatalogSync(this.database, entry.lease).catch((error: unknown) =>
            logger.warn({ shop: entry.lease.shop, error: error instanceof Error ? error.message : String(error) }, "catalog sync not handed back; its lease will expire"),
          );
        }
      }),
    );
  }

  /** Stops dead, as a killed process would: its syncs stop without a write, their leases left to expire (crash tests). */
  async abandon(): Promise<void> {
    await this.halt();
    const entries = [...this.held.values()];
    for (const entry of entries) entry.controller.abort();
    await Promise.all(entries.map((entry) => entry.done));
  }

  /**
   * One sweep: syncs out of attempts fail as interrupted; expired ones are taken over (a conditional
   * update: of several processes sweeping at once, one wins each) and carried on in the background.
   * Returns the takeovers, whose `done` never rejects.
   */
  async sweep(): Promise<Array<{ shop: string; done: Promise<SyncOutcome> }>> {
    const failed = await failExhaustedSyncs(this.database);
    if (failed > 0) logger.warn({ syncs: failed }, "catalog syncs failed: their processes stopped too many times");
    const taken: Array<{ shop: string; done: Promise<SyncOutcome> }> = [];
    for (const shop of await expiredCatalogSyncs(this.database, SWEEP_CANDIDATES)) {
      if (this.held.has(shop)) continue;
      const lease: SyncLease = { shop, owner: newSyncOwner(this.owner), leaseMs: this.options.leaseMs ?? CATALOG_SYNC_LEASE_MS };
      const point = await takeOverCatalogSync(this.database, lease);
      if (!point) continue;
      logger.warn({ shop, owner: lease.owner, bulkOperationId: point.bulkOperationId }, "catalog sync taken over from a process that stopped");
      const controller = new AbortController();
      const done = resumeCatalogSync(() => this.adminFor(shop), this.database, lease, point, { ...this.options.sync, owner: lease.owner, leaseMs: lease.leaseMs, stop: controller.signal }).finally(
        () => this.held.delete(shop),
      );
      this.held.set(shop, { lease, controller, done });
      taken.push({ shop, done });
    }
    return taken;
  }

  private tick(): void {
    if (this.sweeping) return;
    this.sweeping = this.sweep()
      .catch((error: unknown) => logger.warn({ error: error instanceof Error ? error.message : String(error) }, "catalog sync sweep failed; trying again"))
      .finally(() => {
        this.sweeping = undefined;
      });
  }

  private async halt(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }
}
