-- Paid model calls take a budget hold (their worst case) before they run, under one lock row, so concurrent jobs
-- and single-product runs overshoot a monthly budget by at most one in-flight call (ADR 0015). Ledger rows name
-- the job whose item made the call, so its spend not yet settled into the job still draws on its reservation.

-- CreateTable
CREATE TABLE "BudgetHold" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "jobId" TEXT,
    "micros" BIGINT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "BudgetLock" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "touchedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "BudgetHold_expiresAt_idx" ON "BudgetHold"("expiresAt");

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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_UsageLedger" ("attempt", "backendId", "cacheWriteInputTokens", "cachedInputTokens", "costMicros", "createdAt", "errorMessage", "fallbackFrom", "id", "inputTokens", "latencyMs", "modelId", "outcome", "outputTokens", "priceTableDate", "purpose", "shop") SELECT "attempt", "backendId", "cacheWriteInputTokens", "cachedInputTokens", "costMicros", "createdAt", "errorMessage", "fallbackFrom", "id", "inputTokens", "latencyMs", "modelId", "outcome", "outputTokens", "priceTableDate", "purpose", "shop" FROM "UsageLedger";
DROP TABLE "UsageLedger";
ALTER TABLE "new_UsageLedger" RENAME TO "UsageLedger";
CREATE INDEX "UsageLedger_shop_createdAt_idx" ON "UsageLedger"("shop", "createdAt");
CREATE INDEX "UsageLedger_jobId_idx" ON "UsageLedger"("jobId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
