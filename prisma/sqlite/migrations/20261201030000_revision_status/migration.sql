-- Revisions get a status (pending → written | failed), the start of the current attempt, a job id and an
-- idempotency key. Every revision recorded before this migration was written to Shopify: it becomes "written".
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Revision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL DEFAULT '',
    "previousValue" TEXT,
    "newValue" TEXT,
    "source" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "revertOfId" TEXT,
    "revertedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attemptedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "failureReason" TEXT,
    "failureMessage" TEXT,
    "jobId" TEXT,
    "idempotencyKey" TEXT
);
INSERT INTO "new_Revision" ("actor", "createdAt", "field", "id", "locale", "newValue", "previousValue", "productId", "resourceId", "revertOfId", "revertedAt", "shop", "source", "status", "attemptedAt") SELECT "actor", "createdAt", "field", "id", "locale", "newValue", "previousValue", "productId", "resourceId", "revertOfId", "revertedAt", "shop", "source", 'written', "createdAt" FROM "Revision";
DROP TABLE "Revision";
ALTER TABLE "new_Revision" RENAME TO "Revision";
CREATE UNIQUE INDEX "Revision_idempotencyKey_key" ON "Revision"("idempotencyKey");
CREATE INDEX "Revision_shop_productId_createdAt_idx" ON "Revision"("shop", "productId", "createdAt");
CREATE INDEX "Revision_shop_jobId_idx" ON "Revision"("shop", "jobId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

