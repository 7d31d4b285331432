-- The ledger records the product a call wrote copy for (the job is recorded since 20261203010000), so the
-- Usage page can show spend per product. Older rows keep nulls.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_UsageLedger" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "backendId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "inputTokens" INTEGER NOT NULL,
    "cachedInputTokens" INTEGER NOT NULL,
    "cacheWriteInputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL,
    "costMicros" BIGINT,
    "priceTableDate" TEXT NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "errorMessage" TEXT,
    "fallbackFrom" TEXT,
    "attempt" INTEGER NOT NULL,
    "jobId" TEXT,
    "productId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_UsageLedger" ("attempt", "backendId", "cacheWriteInputTokens", "cachedInputTokens", "costMicros", "createdAt", "errorMessage", "fallbackFrom", "id", "inputTokens", "jobId", "latencyMs", "modelId", "outcome", "outputTokens", "priceTableDate", "purpose", "shop") SELECT "attempt", "backendId", "cacheWriteInputTokens", "cachedInputTokens", "costMicros", "createdAt", "errorMessage", "fallbackFrom", "id", "inputTokens", "jobId", "latencyMs", "modelId", "outcome", "outputTokens", "priceTableDate", "purpose", "shop" FROM "UsageLedger";
DROP TABLE "UsageLedger";
ALTER TABLE "new_UsageLedger" RENAME TO "UsageLedger";
CREATE INDEX "UsageLedger_shop_createdAt_idx" ON "UsageLedger"("shop", "createdAt");
CREATE INDEX "UsageLedger_jobId_idx" ON "UsageLedger"("jobId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
