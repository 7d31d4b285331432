-- The image URL arrives with the next sync or product update (Products → Re-sync catalog fills it at once).
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CatalogProduct" (
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
    "sortTitle" TEXT NOT NULL DEFAULT '',
    "imageUrl" TEXT,

    PRIMARY KEY ("shop", "productId")
);
INSERT INTO "new_CatalogProduct" ("hasDescription", "imageCount", "imagesMissingAlt", "indexedAt", "metaDescriptionLength", "productId", "productType", "seoTitleLength", "shop", "shopifyUpdatedAt", "status", "title", "vendor", "sortTitle") SELECT "hasDescription", "imageCount", "imagesMissingAlt", "indexedAt", "metaDescriptionLength", "productId", "productType", "seoTitleLength", "shop", "shopifyUpdatedAt", "status", "title", "vendor", "sortTitle" FROM "CatalogProduct";
DROP TABLE "CatalogProduct";
ALTER TABLE "new_CatalogProduct" RENAME TO "CatalogProduct";
CREATE INDEX "CatalogProduct_shop_title_idx" ON "CatalogProduct"("shop", "title");
CREATE INDEX "CatalogProduct_shop_sortTitle_idx" ON "CatalogProduct"("shop", "sortTitle");
CREATE INDEX "CatalogProduct_shop_vendor_idx" ON "CatalogProduct"("shop", "vendor");
CREATE INDEX "CatalogProduct_shop_productType_idx" ON "CatalogProduct"("shop", "productType");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

