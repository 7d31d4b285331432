-- Whole-job reverts run in the background (app/jobs/revert.server.ts): one row per revert, claimed by lease.
-- CreateTable
CREATE TABLE "JobRevert" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "activeJobId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "actor" TEXT NOT NULL,
    "productsTotal" INTEGER NOT NULL DEFAULT 0,
    "productsDone" INTEGER NOT NULL DEFAULT 0,
    "cursor" TEXT,
    "reverted" INTEGER NOT NULL DEFAULT 0,
    "conflicts" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "deferrals" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobRevert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "JobRevert_activeJobId_key" ON "JobRevert"("activeJobId");

-- CreateIndex
CREATE INDEX "JobRevert_shop_jobId_createdAt_idx" ON "JobRevert"("shop", "jobId", "createdAt");

-- CreateIndex
CREATE INDEX "JobRevert_status_leaseUntil_idx" ON "JobRevert"("status", "leaseUntil");

