-- The product page sums what one product's calls cost (app/usage/cost.server.ts): by shop and product, not by
-- reading every call of the shop.
-- CreateIndex
CREATE INDEX "UsageLedger_shop_productId_idx" ON "UsageLedger"("shop", "productId");
