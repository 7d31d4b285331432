-- Flow and automation (ADR 0019): jobs started by a Flow action run or a new product carry their origin and a key
-- unique per shop (exactly one job per key, whatever the retries); Flow trigger calls wait in an outbox written
-- with the event; a shop's automations are one document.

-- CreateTable
CREATE TABLE "FlowTriggerEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" DATETIME,
    "sentAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AutomationSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "newProducts" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "selection" TEXT NOT NULL,
    "estimate" TEXT NOT NULL,
    "reservedMicros" BIGINT NOT NULL DEFAULT 0,
    "spentMicros" BIGINT NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "pausedAt" DATETIME,
    "error" TEXT,
    "origin" TEXT,
    "originKey" TEXT,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Job" ("createdAt", "createdBy", "error", "estimate", "finishedAt", "id", "mode", "pausedAt", "request", "reservedMicros", "selection", "shop", "spentMicros", "startedAt", "status", "total", "updatedAt") SELECT "createdAt", "createdBy", "error", "estimate", "finishedAt", "id", "mode", "pausedAt", "request", "reservedMicros", "selection", "shop", "spentMicros", "startedAt", "status", "total", "updatedAt" FROM "Job";
DROP TABLE "Job";
ALTER TABLE "new_Job" RENAME TO "Job";
CREATE INDEX "Job_shop_createdAt_idx" ON "Job"("shop", "createdAt");
CREATE INDEX "Job_status_idx" ON "Job"("status");
CREATE UNIQUE INDEX "Job_shop_originKey_key" ON "Job"("shop", "originKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "FlowTriggerEvent_sentAt_nextAttemptAt_idx" ON "FlowTriggerEvent"("sentAt", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "FlowTriggerEvent_shop_eventKey_key" ON "FlowTriggerEvent"("shop", "eventKey");
