-- CreateTable
CREATE TABLE "ChatMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "ts" TEXT,
    "state" TEXT NOT NULL,
    "error" TEXT,
    "createdAtMs" REAL NOT NULL,
    "updatedAtMs" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "ChatInteraction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "atMs" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "ChatUserLink" (
    "slackUserId" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAtMs" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "AlertFiring" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "windowStartMs" REAL NOT NULL,
    "value" REAL NOT NULL,
    "threshold" REAL NOT NULL,
    "atMs" REAL NOT NULL
);

-- CreateIndex
CREATE INDEX "ChatMessage_state_idx" ON "ChatMessage"("state");

-- CreateIndex
CREATE UNIQUE INDEX "ChatMessage_taskId_channel_target_key" ON "ChatMessage"("taskId", "channel", "target");

-- CreateIndex
CREATE INDEX "ChatInteraction_atMs_idx" ON "ChatInteraction"("atMs");

-- CreateIndex
CREATE INDEX "ChatUserLink_userId_idx" ON "ChatUserLink"("userId");

-- CreateIndex
CREATE INDEX "AlertFiring_workflowId_atMs_idx" ON "AlertFiring"("workflowId", "atMs");

-- CreateIndex
CREATE UNIQUE INDEX "AlertFiring_alertId_windowStartMs_key" ON "AlertFiring"("alertId", "windowStartMs");
