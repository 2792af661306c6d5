-- AlterTable
ALTER TABLE "Run" ADD COLUMN "outcome" TEXT;

-- CreateIndex
CREATE INDEX "Run_outcome_createdAt_idx" ON "Run"("outcome", "createdAt");
