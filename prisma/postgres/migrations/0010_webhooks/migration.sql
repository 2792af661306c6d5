-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "createdAtMs" DOUBLE PRECISION NOT NULL,
    "expiresAtMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("scope","key")
);

-- CreateTable
CREATE TABLE "WebhookTrigger" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "secrets" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAtMs" DOUBLE PRECISION NOT NULL,
    "rotatedAtMs" DOUBLE PRECISION,

    CONSTRAINT "WebhookTrigger_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "receivedAtMs" DOUBLE PRECISION NOT NULL,
    "deliveryId" TEXT,
    "signatureHash" TEXT,
    "verified" BOOLEAN NOT NULL,
    "reason" TEXT,
    "status" INTEGER NOT NULL,
    "runId" TEXT,
    "request" TEXT,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IdempotencyKey_expiresAtMs_idx" ON "IdempotencyKey"("expiresAtMs");

-- CreateIndex
CREATE INDEX "WebhookTrigger_workflowId_idx" ON "WebhookTrigger"("workflowId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_triggerId_receivedAtMs_idx" ON "WebhookDelivery"("triggerId", "receivedAtMs");

-- CreateIndex
CREATE INDEX "WebhookDelivery_triggerId_signatureHash_idx" ON "WebhookDelivery"("triggerId", "signatureHash");

-- CreateIndex
CREATE INDEX "WebhookDelivery_receivedAtMs_idx" ON "WebhookDelivery"("receivedAtMs");
