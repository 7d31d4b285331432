-- New products the automation did not write, with the reason, shown on the Settings page (app/automation/skips.server.ts).
-- CreateTable
CREATE TABLE "AutomationSkip" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "productTitle" TEXT,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AutomationSkip_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AutomationSkip_shop_updatedAt_idx" ON "AutomationSkip"("shop", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AutomationSkip_shop_productId_key" ON "AutomationSkip"("shop", "productId");
