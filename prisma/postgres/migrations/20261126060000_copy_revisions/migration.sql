-- CreateTable
CREATE TABLE "CopySettings" (
    "shop" TEXT NOT NULL,
    "settings" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CopySettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "Proposal" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL DEFAULT '',
    "value" TEXT NOT NULL,
    "warnings" TEXT NOT NULL DEFAULT '[]',
    "backendId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Revision" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL DEFAULT '',
    "previousValue" TEXT,
    "newValue" TEXT,
    "source" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "revertOfId" TEXT,
    "revertedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Revision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Proposal_shop_productId_status_idx" ON "Proposal"("shop", "productId", "status");

-- CreateIndex
CREATE INDEX "Revision_shop_productId_createdAt_idx" ON "Revision"("shop", "productId", "createdAt");

