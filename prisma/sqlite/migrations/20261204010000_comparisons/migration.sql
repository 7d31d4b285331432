-- Side-by-side comparisons (app/compare): a comparison, one result per product and column, and the merchant's votes.
-- Kept apart from Proposal so a comparison never replaces a product's pending proposals.

-- CreateTable
CREATE TABLE "Comparison" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "models" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "actor" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ComparisonResult" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "comparisonId" TEXT NOT NULL,
    "column" INTEGER NOT NULL,
    "backendId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "productTitle" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'queued',
    "proposals" TEXT NOT NULL DEFAULT '[]',
    "errorKind" TEXT,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "cachedInputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "costMicros" BIGINT,
    "latencyMs" INTEGER,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ComparisonVote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "comparisonId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "column" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Comparison_shop_createdAt_idx" ON "Comparison"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "ComparisonResult_shop_comparisonId_idx" ON "ComparisonResult"("shop", "comparisonId");

-- CreateIndex
CREATE UNIQUE INDEX "ComparisonResult_comparisonId_column_productId_key" ON "ComparisonResult"("comparisonId", "column", "productId");

-- CreateIndex
CREATE INDEX "ComparisonVote_shop_comparisonId_idx" ON "ComparisonVote"("shop", "comparisonId");

-- CreateIndex
CREATE UNIQUE INDEX "ComparisonVote_comparisonId_productId_field_key" ON "ComparisonVote"("comparisonId", "productId", "field");

