-- Claims take a job's queued items fewest attempts first: an item a crash sent back waits behind fresh ones.
-- DropIndex
DROP INDEX "JobItem_jobId_status_idx";

-- CreateIndex
CREATE INDEX "JobItem_jobId_status_attempts_id_idx" ON "JobItem"("jobId", "status", "attempts", "id");
