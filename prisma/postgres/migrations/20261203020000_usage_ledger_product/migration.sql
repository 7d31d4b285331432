-- The ledger records the product a call wrote copy for (the job is recorded since 20261203010000), so the
-- Usage page can show spend per product. Older rows keep nulls.
-- AlterTable
ALTER TABLE "UsageLedger" ADD COLUMN "productId" TEXT;
