-- AlterTable
ALTER TABLE "Task" ADD COLUMN "claimedBy" TEXT;
ALTER TABLE "Task" ADD COLUMN "claimedAtMs" REAL;
