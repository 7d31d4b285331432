-- CreateTable
CREATE TABLE "ModelSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "primaryBackend" TEXT NOT NULL DEFAULT 'templates',
    "primaryModel" TEXT NOT NULL DEFAULT 'default',
    "fallbackChain" TEXT NOT NULL DEFAULT '[]',
    "euOnly" BOOLEAN NOT NULL DEFAULT false,
    "monthlyBudgetMicros" BIGINT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BackendConnection" (
    "shop" TEXT NOT NULL,
    "backendId" TEXT NOT NULL,
    "baseUrl" TEXT,
    "sealedApiKey" TEXT,
    "keyVersion" INTEGER,
    "apiKeyLast4" TEXT,
    "useOperatorKey" BOOLEAN NOT NULL DEFAULT false,
    "lastTestedAt" DATETIME,
    "lastTestOutcome" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "backendId")
);

-- CreateTable
CREATE TABLE "UsageLedger" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "backendId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "inputTokens" INTEGER NOT NULL,
    "cachedInputTokens" INTEGER NOT NULL,
    "cacheWriteInputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL,
    "costMicros" BIGINT,
    "priceTableDate" TEXT NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "errorMessage" TEXT,
    "fallbackFrom" TEXT,
    "attempt" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "UsageLedger_shop_createdAt_idx" ON "UsageLedger"("shop", "createdAt");

