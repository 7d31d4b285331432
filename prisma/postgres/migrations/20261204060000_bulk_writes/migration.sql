-- Auto-apply jobs above a size write description and SEO through bulk mutations (docs/decisions/0021, app/jobs/bulk-writes).
-- CreateTable
CREATE TABLE "BulkWrite" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'preparing',
    "operationId" TEXT,
    "lines" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "outcome" TEXT,
    "settledBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BulkWrite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkWriteLine" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "bulkWriteId" TEXT,
    "lineNumber" INTEGER,
    "revisionIds" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BulkWriteLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BulkWrite_status_shop_idx" ON "BulkWrite"("status", "shop");

-- CreateIndex
CREATE INDEX "BulkWrite_shop_operationId_idx" ON "BulkWrite"("shop", "operationId");

-- CreateIndex
CREATE UNIQUE INDEX "BulkWriteLine_itemId_key" ON "BulkWriteLine"("itemId");

-- CreateIndex
CREATE INDEX "BulkWriteLine_jobId_bulkWriteId_idx" ON "BulkWriteLine"("jobId", "bulkWriteId");

-- CreateIndex
CREATE INDEX "BulkWriteLine_bulkWriteId_lineNumber_idx" ON "BulkWriteLine"("bulkWriteId", "lineNumber");

