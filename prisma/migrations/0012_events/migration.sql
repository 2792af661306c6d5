-- AlterTable
ALTER TABLE "Step" ADD COLUMN "waitKey" TEXT;

-- CreateTable
CREATE TABLE "PublishedEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "key" TEXT,
    "waitKey" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "publisherId" TEXT,
    "receivedAtMs" REAL NOT NULL,
    "keepUntilMs" REAL,
    "result" TEXT NOT NULL DEFAULT '{}'
);

-- CreateTable
CREATE TABLE "EventDelivery" (
    "eventId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "atMs" REAL NOT NULL,

    PRIMARY KEY ("eventId", "runId", "stepKey")
);

-- CreateIndex
CREATE INDEX "Step_waitKey_status_idx" ON "Step"("waitKey", "status");

-- CreateIndex
CREATE INDEX "PublishedEvent_waitKey_keepUntilMs_idx" ON "PublishedEvent"("waitKey", "keepUntilMs");

-- CreateIndex
CREATE INDEX "PublishedEvent_receivedAtMs_idx" ON "PublishedEvent"("receivedAtMs");

-- CreateIndex
CREATE INDEX "EventDelivery_runId_idx" ON "EventDelivery"("runId");
