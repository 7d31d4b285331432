-- A bulk job item's model answers are kept until its proposals are stored, so a runner killed in between does not pay
-- for the same call again on the next attempt (app/jobs/answers.server.ts).
-- CreateTable
CREATE TABLE "JobAnswer" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "backendId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "output" TEXT NOT NULL,
    "usage" TEXT NOT NULL,
    "costMicros" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JobAnswer_jobId_productId_idx" ON "JobAnswer"("jobId", "productId");

-- CreateIndex
CREATE UNIQUE INDEX "JobAnswer_jobId_key_key" ON "JobAnswer"("jobId", "key");

