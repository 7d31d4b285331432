/**
 * Shopify's resource-based rate limit on variant creation
 * (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits, "Resource-based rate
 * limits"; changelog "API call limits will be applied to variant creation", 2019): once a
 * store has 50,000 product variants, no more than 1,000 new variants can be created per day.
 * Shopify Plus (and Commerce Components) stores are exempt. The app gets HTTP 429.
 *
 * What is known, and from where:
 * - The limit counts *new variants*, not calls: updates are not limited (Matrixify and
 *   Migratify, who hit it at scale, say so). In 2026-10, `productUpdate(product:)` cannot
 *   create variants (ProductUpdateInput has no variants), so it never trips this limit;
 *   `productCreate` creates one variant per product and does.
 * - The GraphQL error, as merchants pasted it (community.shopify.com, 2021; community.shopify.dev
 *   thread 22306, 2025-07): `data: { productCreate: null }` and
 *   `errors: [{ message: "Daily variant creation limit reached. Please try again later. See
 *   https://help.shopify.com/api/getting-started/api-call-limit for more information about rate
 *   limits and how to avoid them.", path: ["productCreate"], extensions: { code:
 *   "VARIANT_THROTTLE_EXCEEDED" } }]`, with the usual `extensions.cost`.
 * - No report shows a Retry-After header for it, so the emulator sends none: clients must
 *   not depend on one.
 * - "Per day" is modelled as a rolling 24 hours; Shopify does not say when its day starts.
 */
import type { Plan } from "./throttle";

export const VARIANT_THROTTLE_THRESHOLD = 50_000;
export const VARIANTS_PER_DAY = 1_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export const VARIANT_THROTTLE_MESSAGE =
  "Daily variant creation limit reached. Please try again later. See https://help.shopify.com/api/getting-started/api-call-limit for more information about rate limits and how to avoid them.";

export function exemptFromVariantThrottle(plan: Plan): boolean {
  return plan === "plus" || plan === "enterprise";
}

export class VariantCreationLimit {
  private readonly created: { at: number; count: number }[] = [];

  constructor(private readonly now: () => number) {}

  /** Variants created through the API in the last 24 hours. */
  createdToday(): number {
    const since = this.now() - DAY_MS;
    while (this.created.length > 0 && (this.created[0]?.at ?? 0) <= since) this.created.shift();
    return this.created.reduce((total, entry) => total + entry.count, 0);
  }

  /** Whether creating `count` variants now is allowed for a shop with this plan and variant total. */
  allows(plan: Plan, shopVariants: number, count: number): boolean {
    if (count <= 0 || exemptFromVariantThrottle(plan) || shopVariants < VARIANT_THROTTLE_THRESHOLD) return true;
    return this.createdToday() + count <= VARIANTS_PER_DAY;
  }

  record(count: number): void {
    if (count > 0) this.created.push({ at: this.now(), count });
  }

  /** Control API and tests: pretend `count` variants were created just now. */
  setCreatedToday(count: number): void {
    this.created.length = 0;
    this.record(count);
  }
}
