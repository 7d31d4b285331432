-- Paid model calls take a budget hold (their worst case) before they run, under one lock row, so concurrent jobs
-- and single-product runs overshoot a monthly budget by at most one in-flight call (ADR 0015). Ledger rows name
-- the job whose item made the call, so its spend not yet settled into the job still draws on its reservation.
-- AlterTable
ALTER TABLE "UsageLedger" ADD COLUMN "jobId" TEXT;

-- CreateTable
CREATE TABLE "BudgetHold" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "jobId" TEXT,
    "micros" BIGINT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BudgetHold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BudgetLock" (
    "key" TEXT NOT NULL,
    "touchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BudgetLock_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "UsageLedger_jobId_idx" ON "UsageLedger"("jobId");

-- CreateIndex
CREATE INDEX "BudgetHold_expiresAt_idx" ON "BudgetHold"("expiresAt");
