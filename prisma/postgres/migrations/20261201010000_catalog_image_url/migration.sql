-- The image URL arrives with the next sync or product update (Products → Re-sync catalog fills it at once).
-- AlterTable
ALTER TABLE "CatalogProduct" ADD COLUMN     "imageUrl" TEXT;

