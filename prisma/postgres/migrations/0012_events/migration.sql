-- AlterTable
ALTER TABLE "Step" ADD COLUMN "waitKey" TEXT;

-- CreateTable
CREATE TABLE "PublishedEvent" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "key" TEXT,
    "waitKey" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "publisherId" TEXT,
    "receivedAtMs" DOUBLE PRECISION NOT NULL,
    "keepUntilMs" DOUBLE PRECISION,
    "result" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "PublishedEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventDelivery" (
    "eventId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "atMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "EventDelivery_pkey" PRIMARY KEY ("eventId","runId","stepKey")
);

-- CreateIndex
CREATE INDEX "Step_waitKey_status_idx" ON "Step"("waitKey", "status");

-- CreateIndex
CREATE INDEX "PublishedEvent_waitKey_keepUntilMs_idx" ON "PublishedEvent"("waitKey", "keepUntilMs");

-- CreateIndex
CREATE INDEX "PublishedEvent_receivedAtMs_idx" ON "PublishedEvent"("receivedAtMs");

-- CreateIndex
CREATE INDEX "EventDelivery_runId_idx" ON "EventDelivery"("runId");
