-- The ledger records the bulk job and the product a call was for, so the Usage page can show
-- spend per job and per product and tell bulk calls from single ones. Older rows keep nulls.
-- AlterTable
ALTER TABLE "UsageLedger" ADD COLUMN     "jobId" TEXT,
ADD COLUMN     "productId" TEXT;
