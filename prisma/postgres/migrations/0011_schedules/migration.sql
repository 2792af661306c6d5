-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "spec" TEXT NOT NULL,
    "specKey" TEXT NOT NULL,
    "anchorMs" DOUBLE PRECISION NOT NULL,
    "nextFireAtMs" DOUBLE PRECISION,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "lastFireAtMs" DOUBLE PRECISION,
    "lastRunId" TEXT,
    "queuedFireAtMs" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAtMs" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduleFire" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "fireAtMs" DOUBLE PRECISION NOT NULL,
    "outcome" TEXT NOT NULL,
    "runId" TEXT,
    "error" TEXT,
    "createdAtMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ScheduleFire_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Schedule_nextFireAtMs_idx" ON "Schedule"("nextFireAtMs");

-- CreateIndex
CREATE INDEX "Schedule_queuedFireAtMs_idx" ON "Schedule"("queuedFireAtMs");

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_workflowId_triggerId_key" ON "Schedule"("workflowId", "triggerId");

-- CreateIndex
CREATE INDEX "ScheduleFire_runId_idx" ON "ScheduleFire"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleFire_scheduleId_fireAtMs_key" ON "ScheduleFire"("scheduleId", "fireAtMs");
