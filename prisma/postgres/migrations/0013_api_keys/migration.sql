-- AlterTable: API keys get a role, expiry, workflow scope, last-use client and rotation link.
ALTER TABLE "ApiKey" ADD COLUMN "role" TEXT NOT NULL DEFAULT 'viewer',
ADD COLUMN "expiresAt" TIMESTAMP(3),
ADD COLUMN "workflowIds" TEXT,
ADD COLUMN "lastUsedIp" TEXT,
ADD COLUMN "lastUsedAgent" TEXT,
ADD COLUMN "createdById" TEXT,
ADD COLUMN "rotatedFromId" TEXT;
