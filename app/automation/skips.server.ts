import type { Database } from "~/db/client.server";
import { startOfMonthUtc } from "~/models/ledger.server";

/**
 * New products the automation did not write, kept so the merchant sees them (Settings → Write copy for new
 * products) instead of a line in a log. One row per product: a later delivery of the same product updates its
 * reason, or removes it when it starts the product's job.
 */
export const SKIP_REASONS = ["budget_exceeded", "unpriced_model", "unknown_backend", "not_allowed_eu_only", "empty_selection", "error"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Longest title kept: the webhook's title is the merchant's, shown as text, never trusted as markup. */
const TITLE_MAX = 255;

export function skipReasonOf(code: string): SkipReason {
  return (SKIP_REASONS as readonly string[]).includes(code) ? (code as SkipReason) : "error";
}

export async function recordSkip(database: Database, shop: string, product: { id: string; title?: string | undefined }, reason: SkipReason): Promise<void> {
  const productTitle = product.title?.trim().slice(0, TITLE_MAX) || null;
  await database.automationSkip.upsert({
    where: { shop_productId: { shop, productId: product.id } },
    create: { shop, productId: product.id, productTitle, reason },
    update: { reason, ...(productTitle ? { productTitle } : {}) },
  });
}

export async function forgetSkip(database: Database, shop: string, productId: string): Promise<void> {
  await database.automationSkip.deleteMany({ where: { shop, productId } });
}

/** How many recent skipped products the Settings page names. */
const RECENT_SHOWN = 5;

export interface AutomationActivity {
  /** jobs the automation started since the start of the month (UTC, like the budget) */
  startedThisMonth: number;
  skippedThisMonth: number;
  /** skipped products this month by reason, most frequent first */
  reasons: Array<{ reason: SkipReason; count: number }>;
  recent: Array<{ productId: string; title: string | null; reason: SkipReason; at: string }>;
}

export async function loadAutomationActivity(database: Database, shop: string, now: Date): Promise<AutomationActivity> {
  const since = startOfMonthUtc(now);
  const [startedThisMonth, grouped, recent] = await Promise.all([
    database.job.count({ where: { shop, origin: "new_product", createdAt: { gte: since } } }),
    database.automationSkip.groupBy({ by: ["reason"], where: { shop, updatedAt: { gte: since } }, _count: { _all: true } }),
    database.automationSkip.findMany({ where: { shop, updatedAt: { gte: since } }, orderBy: { updatedAt: "desc" }, take: RECENT_SHOWN }),
  ]);
  const counts = new Map<SkipReason, number>();
  for (const row of grouped) counts.set(skipReasonOf(row.reason), (counts.get(skipReasonOf(row.reason)) ?? 0) + row._count._all);
  const reasons = [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return {
    startedThisMonth,
    skippedThisMonth: reasons.reduce((sum, row) => sum + row.count, 0),
    reasons,
    recent: recent.map((row) => ({ productId: row.productId, title: row.productTitle, reason: skipReasonOf(row.reason), at: row.updatedAt.toISOString() })),
  };
}
