import type { Clock, PacingDecision } from "./types";
import { systemClock } from "./types";

/**
 * A per-shop gate for the Admin GraphQL API's cost bucket (leaky bucket:
 * `maximumAvailable` points, refilled at `restoreRate` points per second).
 * Fed by every response's `extensions.cost`, it knows the bucket as Shopify
 * last reported it, refills it with time, and subtracts the points of calls
 * already sent and not yet answered — so it can say before a call whether it
 * would be THROTTLED, and when it would not be.
 */
export interface AdminThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** `extensions.cost` of an Admin GraphQL response. */
export interface AdminCostReport {
  requestedQueryCost?: number | null;
  actualQueryCost?: number | null;
  throttleStatus?: AdminThrottleStatus | null;
}

export interface AdminCostGate {
  /** Without reserving anything: in how many ms a call of `cost` points could be sent for `shop` (0: now). */
  delayFor(shop: string, cost: number): Promise<number>;
  /** Reserves `cost` points if they are there now; else says when to come back. */
  reserve(shop: string, cost: number): Promise<PacingDecision>;
  /** A reserved call is over: its reservation is returned, and Shopify's report (when there is one) is the new truth. */
  settle(shop: string, reserved: number, report: AdminCostReport | null): Promise<void>;
}

/**
 * What the gate assumes of a shop it has not heard from yet: the smallest bucket Shopify documents (1,000 points
 * restored at 50 per second). The first response replaces it with the shop's real bucket.
 */
export const UNKNOWN_SHOP_BUCKET: AdminThrottleStatus = { maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 50 };

interface Bucket extends AdminThrottleStatus {
  /** When currentlyAvailable was true. */
  at: number;
  /** Points reserved by calls sent and not answered yet. */
  inFlight: number;
}

export class InMemoryAdminCostGate implements AdminCostGate {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private readonly clock: Clock = systemClock) {}

  private bucket(shop: string): Bucket {
    let bucket = this.buckets.get(shop);
    if (!bucket) {
      bucket = { ...UNKNOWN_SHOP_BUCKET, at: this.clock(), inFlight: 0 };
      this.buckets.set(shop, bucket);
    }
    return bucket;
  }

  /** Points free now: refilled since the last report, minus what is in flight. */
  private free(bucket: Bucket, now: number): number {
    const refilled = Math.min(bucket.maximumAvailable, bucket.currentlyAvailable + (bucket.restoreRate * Math.max(0, now - bucket.at)) / 1000);
    return refilled - bucket.inFlight;
  }

  private wait(shop: string, cost: number): number {
    const bucket = this.bucket(shop);
    // A call may never ask for more than the whole bucket; Shopify refuses those itself (MAX_COST_EXCEEDED).
    const needed = Math.min(cost, bucket.maximumAvailable);
    const missing = needed - this.free(bucket, this.clock());
    if (missing <= 0) return 0;
    return bucket.restoreRate > 0 ? Math.ceil((missing / bucket.restoreRate) * 1000) : 1000;
  }

  async delayFor(shop: string, cost: number): Promise<number> {
    return this.wait(shop, cost);
  }

  async reserve(shop: string, cost: number): Promise<PacingDecision> {
    const retryInMs = this.wait(shop, cost);
    if (retryInMs > 0) return { ok: false, retryInMs };
    this.bucket(shop).inFlight += cost;
    return { ok: true };
  }

  async settle(shop: string, reserved: number, report: AdminCostReport | null): Promise<void> {
    const bucket = this.bucket(shop);
    bucket.inFlight = Math.max(0, bucket.inFlight - reserved);
    const status = report?.throttleStatus;
    if (status) {
      bucket.maximumAvailable = status.maximumAvailable;
      bucket.currentlyAvailable = status.currentlyAvailable;
      bucket.restoreRate = status.restoreRate;
      bucket.at = this.clock();
    }
  }
}
