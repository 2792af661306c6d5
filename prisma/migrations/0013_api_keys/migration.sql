-- AlterTable: API keys get a role, expiry, workflow scope, last-use client and rotation link.
ALTER TABLE "ApiKey" ADD COLUMN "role" TEXT NOT NULL DEFAULT 'viewer';
ALTER TABLE "ApiKey" ADD COLUMN "expiresAt" DATETIME;
ALTER TABLE "ApiKey" ADD COLUMN "workflowIds" TEXT;
ALTER TABLE "ApiKey" ADD COLUMN "lastUsedIp" TEXT;
ALTER TABLE "ApiKey" ADD COLUMN "lastUsedAgent" TEXT;
ALTER TABLE "ApiKey" ADD COLUMN "createdById" TEXT;
ALTER TABLE "ApiKey" ADD COLUMN "rotatedFromId" TEXT;
