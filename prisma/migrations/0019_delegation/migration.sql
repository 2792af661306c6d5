-- AlterTable
ALTER TABLE "Decision" ADD COLUMN "onBehalfOf" TEXT;

-- CreateTable
CREATE TABLE "Delegation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "delegateId" TEXT NOT NULL,
    "fromMs" REAL NOT NULL,
    "toMs" REAL NOT NULL,
    "createdBy" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAtMs" REAL NOT NULL,
    "cancelledAtMs" REAL,
    "cancelledBy" TEXT
);

-- CreateIndex
CREATE INDEX "Delegation_userId_toMs_idx" ON "Delegation"("userId", "toMs");

-- CreateIndex
CREATE INDEX "Delegation_delegateId_toMs_idx" ON "Delegation"("delegateId", "toMs");
