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
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "indexedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "productId")
);

-- CreateTable
CREATE TABLE "CatalogSync" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "productCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT
);

-- CreateIndex
CREATE INDEX "CatalogProduct_shop_title_idx" ON "CatalogProduct"("shop", "title");

