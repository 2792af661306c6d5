-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "spec" TEXT NOT NULL,
    "specKey" TEXT NOT NULL,
    "anchorMs" REAL NOT NULL,
    "nextFireAtMs" REAL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "lastFireAtMs" REAL,
    "lastRunId" TEXT,
    "queuedFireAtMs" REAL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAtMs" REAL NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "ScheduleFire" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scheduleId" TEXT NOT NULL,
    "fireAtMs" REAL NOT NULL,
    "outcome" TEXT NOT NULL,
    "runId" TEXT,
    "error" TEXT,
    "createdAtMs" REAL NOT NULL
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
