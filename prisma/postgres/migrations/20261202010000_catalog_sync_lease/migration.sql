-- A catalog sync is held by lease (owner, until) and counts its runs, like a job item; its error gets a code the
-- page words. A sync left "running" before this migration has no lease: the first sweep takes it over.
-- AlterTable
ALTER TABLE "CatalogSync" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "errorCode" TEXT,
ADD COLUMN     "leaseOwner" TEXT,
ADD COLUMN     "leaseUntil" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "CatalogSync_status_leaseUntil_idx" ON "CatalogSync"("status", "leaseUntil");
