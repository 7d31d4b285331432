-- AlterTable
ALTER TABLE "CatalogProduct" ADD COLUMN     "sortTitle" TEXT NOT NULL DEFAULT '';

-- Backfill: lower case only (no unaccent extension assumed); the app writes the full key on the next sync or product update.
UPDATE "CatalogProduct" SET "sortTitle" = lower("title");

-- CreateIndex
CREATE INDEX "CatalogProduct_shop_sortTitle_idx" ON "CatalogProduct"("shop", "sortTitle");

