-- AlterTable
ALTER TABLE "Decision" ADD COLUMN "onBehalfOf" TEXT;

-- CreateTable
CREATE TABLE "Delegation" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "delegateId" TEXT NOT NULL,
    "fromMs" DOUBLE PRECISION NOT NULL,
    "toMs" DOUBLE PRECISION NOT NULL,
    "createdBy" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAtMs" DOUBLE PRECISION NOT NULL,
    "cancelledAtMs" DOUBLE PRECISION,
    "cancelledBy" TEXT,

    CONSTRAINT "Delegation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Delegation_userId_toMs_idx" ON "Delegation"("userId", "toMs");

-- CreateIndex
CREATE INDEX "Delegation_delegateId_toMs_idx" ON "Delegation"("delegateId", "toMs");
