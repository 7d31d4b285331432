-- CreateTable
CREATE TABLE "CatalogProduct" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "productType" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "hasDescription" BOOLEAN NOT NULL,
    "seoTitleLength" INTEGER NOT NULL,
    "metaDescriptionLength" INTEGER NOT NULL,
    "imageCount" INTEGER NOT NULL,
    "imagesMissingAlt" INTEGER NOT NULL,
    "shopifyUpdatedAt" TIMESTAMP(3) NOT NULL,
    "indexedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CatalogProduct_pkey" PRIMARY KEY ("shop","productId")
);

-- CreateTable
CREATE TABLE "CatalogSync" (
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "productCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "CatalogSync_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "CatalogProduct_shop_title_idx" ON "CatalogProduct"("shop", "title");

