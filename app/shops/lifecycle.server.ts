import type { Prisma } from "@prisma/client";
import type { CatalogSyncErrorCode } from "~/catalog/sync-state";
import type { Database } from "~/db/client.server";
import { JOB_ACTIVE_STATUSES } from "~/jobs/types";

/**
 * Install, uninstall and redaction of a shop. Every table that holds shop data
 * is listed in SHOP_SCOPED_TABLES; shop/redact deletes from each, and a test
 * checks the list against the schema so a new table cannot be forgotten.
 */
export const SHOP_SCOPED_TABLES = [
  "session",
  "webhookDelivery",
  "complianceRequest",
  "shop",
  "modelSettings",
  "backendConnection",
  "usageLedger",
  "copySettings",
  "proposal",
  "revision",
  "catalogProduct",
  "catalogSync",
  "job",
  "jobItem",
  "jobRevert",
  "budgetHold",
  "jobAnswer",
  "flowTriggerEvent",
  "automationSettings",
  "automationSkip",
  "comparison",
  "comparisonResult",
  "comparisonVote",
  "bulkWrite",
  "bulkWriteLine",
] as const;
export type ShopScopedTable = (typeof SHOP_SCOPED_TABLES)[number];

/** Each shop-scoped model's `deleteMany`, so redaction is one loop over the list above. */
interface ShopScopedDelegate {
  deleteMany(args: { where: { shop: string } }): Prisma.PrismaPromise<Prisma.BatchPayload>;
}

export async function recordInstall(database: Database, input: { shop: string; scopes: string | null }): Promise<void> {
  await database.shop.upsert({
    where: { shop: input.shop },
    create: { shop: input.shop, scopes: input.scopes },
    update: { scopes: input.scopes, uninstalledAt: null },
  });
}

/**
 * app/uninstalled: the shop's tokens are dead; drop sessions, stop its jobs (their items
 * could never be written) and its catalog sync (no sweep may take it over: it could not read the
 * catalog), keep settings and history until shop/redact.
 */
export async function recordUninstall(database: Database, shop: string, at: Date): Promise<void> {
  await database.$transaction([
    database.session.deleteMany({ where: { shop } }),
    database.shop.updateMany({ where: { shop }, data: { uninstalledAt: at } }),
    database.jobItem.updateMany({ where: { shop, status: { in: ["queued", "running"] } }, data: { status: "cancelled", leaseOwner: null, leaseUntil: null, finishedAt: at } }),
    database.job.updateMany({ where: { shop, status: { in: [...JOB_ACTIVE_STATUSES] } }, data: { status: "cancelled", finishedAt: at, reservedMicros: 0n } }),
    // A revert under way could write nothing more either: it stops where it is, with what it did so far.
    database.jobRevert.updateMany({
      where: { shop, status: { in: ["queued", "running"] } },
      data: { status: "failed", activeJobId: null, leaseOwner: null, leaseUntil: null, finishedAt: at, error: JSON.stringify({ code: "uninstalled", params: {} }) },
    }),
    database.catalogSync.updateMany({
      where: { shop, status: "running" },
      data: { status: "failed", errorCode: "uninstalled" satisfies CatalogSyncErrorCode, error: "the app was uninstalled during the sync", finishedAt: at, leaseOwner: null, leaseUntil: null },
    }),
  ]);
}

export async function updateScopes(database: Database, shop: string, scopes: string[]): Promise<void> {
  const scope = scopes.join(",");
  await database.$transaction([
    database.session.updateMany({ where: { shop }, data: { scope } }),
    database.shop.updateMany({ where: { shop }, data: { scopes: scope } }),
  ]);
}

/** shop/redact: delete every row of that shop, in every table, and nothing else. */
export async function redactShop(database: Database, shop: string): Promise<Record<ShopScopedTable, number>> {
  const delegates: Record<ShopScopedTable, ShopScopedDelegate> = {
    session: database.session,
    webhookDelivery: database.webhookDelivery,
    complianceRequest: database.complianceRequest,
    shop: database.shop,
    modelSettings: database.modelSettings,
    backendConnection: database.backendConnection,
    usageLedger: database.usageLedger,
    copySettings: database.copySettings,
    proposal: database.proposal,
    revision: database.revision,
    catalogProduct: database.catalogProduct,
    catalogSync: database.catalogSync,
    job: database.job,
    jobItem: database.jobItem,
    jobRevert: database.jobRevert,
    budgetHold: database.budgetHold,
    jobAnswer: database.jobAnswer,
    flowTriggerEvent: database.flowTriggerEvent,
    automationSettings: database.automationSettings,
    automationSkip: database.automationSkip,
    comparison: database.comparison,
    comparisonResult: database.comparisonResult,
    comparisonVote: database.comparisonVote,
    bulkWrite: database.bulkWrite,
    bulkWriteLine: database.bulkWriteLine,
  };
  const results = await database.$transaction(SHOP_SCOPED_TABLES.map((table) => delegates[table].deleteMany({ where: { shop } })));
  return Object.fromEntries(SHOP_SCOPED_TABLES.map((table, index) => [table, results[index]!.count])) as Record<ShopScopedTable, number>;
}
