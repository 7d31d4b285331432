-- Flow and automation (ADR 0019): jobs started by a Flow action run or a new product carry their origin and a key
-- unique per shop (exactly one job per key, whatever the retries); Flow trigger calls wait in an outbox written
-- with the event; a shop's automations are one document.
-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "origin" TEXT,
ADD COLUMN     "originKey" TEXT;

-- CreateTable
CREATE TABLE "FlowTriggerEvent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FlowTriggerEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutomationSettings" (
    "shop" TEXT NOT NULL,
    "newProducts" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AutomationSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "FlowTriggerEvent_sentAt_nextAttemptAt_idx" ON "FlowTriggerEvent"("sentAt", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "FlowTriggerEvent_shop_eventKey_key" ON "FlowTriggerEvent"("shop", "eventKey");

-- CreateIndex
CREATE UNIQUE INDEX "Job_shop_originKey_key" ON "Job"("shop", "originKey");

