-- CreateTable
CREATE TABLE "ChatMessage" (
    "id" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "ts" TEXT,
    "state" TEXT NOT NULL,
    "error" TEXT,
    "createdAtMs" DOUBLE PRECISION NOT NULL,
    "updatedAtMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ChatMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatInteraction" (
    "id" TEXT NOT NULL,
    "atMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ChatInteraction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatUserLink" (
    "slackUserId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAtMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ChatUserLink_pkey" PRIMARY KEY ("slackUserId")
);

-- CreateTable
CREATE TABLE "AlertFiring" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "windowStartMs" DOUBLE PRECISION NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "atMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "AlertFiring_pkey" PRIMARY KEY ("id")
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
