-- Revisions get a status (pending → written | failed), the start of the current attempt, a job id and an
-- idempotency key. Every revision recorded before this migration was written to Shopify: it becomes "written".
-- AlterTable
ALTER TABLE "Revision" ADD COLUMN     "attemptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "failureMessage" TEXT,
ADD COLUMN     "failureReason" TEXT,
ADD COLUMN     "idempotencyKey" TEXT,
ADD COLUMN     "jobId" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'pending';

-- Every revision recorded before this migration was written to Shopify.
UPDATE "Revision" SET "status" = 'written', "attemptedAt" = "createdAt";

-- CreateIndex
CREATE UNIQUE INDEX "Revision_idempotencyKey_key" ON "Revision"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Revision_shop_jobId_idx" ON "Revision"("shop", "jobId");

