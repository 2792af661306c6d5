-- Per-provider limits shared by every worker: at most maxConcurrency model calls at once (one
-- ProviderSlot row per call in flight, leased until expiresMs so a crashed worker's slots lapse) and
-- at most tokensPerMinute tokens over the last 60 s (ModelCall rows of the window plus the
-- estimates of the calls in flight).

-- AlterTable
ALTER TABLE "ModelProvider" ADD COLUMN "maxConcurrency" INTEGER;
ALTER TABLE "ModelProvider" ADD COLUMN "tokensPerMinute" INTEGER;

-- CreateTable
CREATE TABLE "ProviderSlot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "providerId" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "tokens" INTEGER NOT NULL DEFAULT 0,
    "acquiredMs" REAL NOT NULL,
    "expiresMs" REAL NOT NULL
);

-- CreateIndex
CREATE INDEX "ProviderSlot_providerId_expiresMs_idx" ON "ProviderSlot"("providerId", "expiresMs");

-- CreateIndex
CREATE INDEX "ModelCall_providerId_atMs_idx" ON "ModelCall"("providerId", "atMs");
