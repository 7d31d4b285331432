/** A shop's catalog sync, as the CatalogSync row keeps it. */
export const CATALOG_SYNC_STATUSES = ["running", "completed", "failed"] as const;
export type CatalogSyncStatus = (typeof CATALOG_SYNC_STATUSES)[number];

/**
 * Why a catalog sync failed, as the Products page words it (`products.syncErrors.<code>` in
 * en and fr). The technical message stays in the row's `error` column, for logs and operators;
 * the merchant sees only these. Shared by the server (which classifies) and the page (which words).
 */
export const CATALOG_SYNC_ERROR_CODES = [
  /** Shopify asked Plume to slow down (THROTTLED, HTTP 429, too many bulk operations at once). */
  "throttled",
  /** Shopify's bulk export of the catalog failed, was cancelled or expired, or its file could not be read. */
  "bulk_failed",
  /** The bulk export did not finish within the sync's time limit. */
  "bulk_timeout",
  /** Shopify refused access: a revoked token, a missing scope, no offline session. */
  "access_denied",
  /** Shopify could not be reached, or answered with a server error. */
  "network",
  /** The processes running the sync stopped under it too many times. */
  "interrupted",
  /** The app was uninstalled while the sync ran. */
  "uninstalled",
  /** Anything else (a database error, an answer Plume did not expect). */
  "unknown",
] as const;

export type CatalogSyncErrorCode = (typeof CATALOG_SYNC_ERROR_CODES)[number];

/** A stored code as the page may word it: null (a row from before codes) or a code this version does not know is "unknown". */
export function catalogSyncErrorCode(value: string | null | undefined): CatalogSyncErrorCode {
  return (CATALOG_SYNC_ERROR_CODES as readonly string[]).includes(value ?? "") ? (value as CatalogSyncErrorCode) : "unknown";
}

/** What the Products page knows of the shop's sync: never the technical reason, only its code. */
export interface CatalogSyncView {
  status: CatalogSyncStatus;
  productCount: number;
  finishedAt: string | null;
  errorCode: CatalogSyncErrorCode | null;
}

/** A stored status as the page reads it; anything unexpected reads as failed (with an unknown reason), so the merchant can try again. */
export function catalogSyncStatus(value: string): CatalogSyncStatus {
  return (CATALOG_SYNC_STATUSES as readonly string[]).includes(value) ? (value as CatalogSyncStatus) : "failed";
}
