/**
 * Shopify's GraphQL Admin leaky bucket, one per (app, shop). Documented restore
 * rates per plan (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
 * Standard 100 points/s, Advanced 200, Plus 1000, Enterprise 2000. The bucket
 * size is 20x the restore rate (observed: `maximumAvailable: 2000` with
 * `restoreRate: 100`). A query runs only if the bucket holds its *requested*
 * cost; afterwards the difference to the *actual* cost is refunded.
 *
 * Time comes from an injected clock so tests can drain and refill the bucket
 * without sleeping.
 */
import { z } from "zod";

export const planSchema = z.enum(["standard", "advanced", "plus", "enterprise"]);
export type Plan = z.infer<typeof planSchema>;

export const RESTORE_RATE_PER_SECOND: Readonly<Record<Plan, number>> = {
  standard: 100,
  advanced: 200,
  plus: 1000,
  enterprise: 2000,
};

export const BUCKET_SIZE_MULTIPLIER = 20;

/** A single query may not request more than this, whatever the plan. */
export const SINGLE_QUERY_MAX_COST = 1000;

export interface ThrottleStatus {
  readonly maximumAvailable: number;
  readonly currentlyAvailable: number;
  readonly restoreRate: number;
}

export class LeakyBucket {
  private available: number;
  private refilledAt: number;
  private currentPlan: Plan;

  constructor(
    plan: Plan,
    private readonly now: () => number,
  ) {
    this.currentPlan = plan;
    this.available = this.maximumAvailable;
    this.refilledAt = now();
  }

  get plan(): Plan {
    return this.currentPlan;
  }

  get restoreRate(): number {
    return RESTORE_RATE_PER_SECOND[this.currentPlan];
  }

  get maximumAvailable(): number {
    return this.restoreRate * BUCKET_SIZE_MULTIPLIER;
  }

  setPlan(plan: Plan): void {
    this.refill();
    this.currentPlan = plan;
    this.available = Math.min(this.available, this.maximumAvailable);
  }

  /** Empties or fills the bucket directly (tests and the control API). */
  setAvailable(points: number): void {
    this.refill();
    this.available = Math.max(0, Math.min(points, this.maximumAvailable));
  }

  private refill(): void {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.refilledAt) / 1000;
    this.available = Math.min(this.maximumAvailable, this.available + elapsedSeconds * this.restoreRate);
    this.refilledAt = now;
  }

  /** Takes `cost` points if the bucket holds them; returns whether it did. */
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + Math.max(0, points));
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.restoreRate,
    };
  }
}
