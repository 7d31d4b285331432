-- CreateIndex
CREATE INDEX "CatalogProduct_shop_vendor_idx" ON "CatalogProduct"("shop", "vendor");

-- CreateIndex
CREATE INDEX "CatalogProduct_shop_productType_idx" ON "CatalogProduct"("shop", "productType");

