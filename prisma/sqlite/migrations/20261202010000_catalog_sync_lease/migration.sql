-- A catalog sync is held by lease (owner, until) and counts its runs, like a job item; its error gets a code the
-- page words. A sync left "running" before this migration has no lease: the first sweep takes it over.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CatalogSync" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "productCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "errorCode" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_CatalogSync" ("bulkOperationId", "error", "finishedAt", "productCount", "shop", "startedAt", "status") SELECT "bulkOperationId", "error", "finishedAt", "productCount", "shop", "startedAt", "status" FROM "CatalogSync";
DROP TABLE "CatalogSync";
ALTER TABLE "new_CatalogSync" RENAME TO "CatalogSync";
CREATE INDEX "CatalogSync_status_leaseUntil_idx" ON "CatalogSync"("status", "leaseUntil");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
