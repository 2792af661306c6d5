-- Governance (issue 15): a run's data subject (a keyed hash, never the clear key), legal holds,
-- erasure tombstones, and erasure jobs the worker runs in resumable batches.
ALTER TABLE "Run" ADD COLUMN "subjectHash" TEXT,
ADD COLUMN "legalHold" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "erasedAtMs" DOUBLE PRECISION;
ALTER TABLE "Workflow" ADD COLUMN "legalHold" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ErasureJob" (
    "id" TEXT NOT NULL,
    "subjectHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "reason" TEXT NOT NULL DEFAULT '',
    "requestedById" TEXT,
    "createdAtMs" DOUBLE PRECISION NOT NULL,
    "startedAtMs" DOUBLE PRECISION,
    "finishedAtMs" DOUBLE PRECISION,
    "leaseOwner" TEXT,
    "leaseExpiresMs" DOUBLE PRECISION,
    "runsTotal" INTEGER NOT NULL DEFAULT 0,
    "runsDone" INTEGER NOT NULL DEFAULT 0,
    "counts" TEXT NOT NULL DEFAULT '{}',
    "error" TEXT,

    CONSTRAINT "ErasureJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Run_subjectHash_idx" ON "Run"("subjectHash");
CREATE INDEX "Run_finishedAtMs_idx" ON "Run"("finishedAtMs");
CREATE INDEX "ErasureJob_status_createdAtMs_idx" ON "ErasureJob"("status", "createdAtMs");
CREATE INDEX "ErasureJob_subjectHash_idx" ON "ErasureJob"("subjectHash");
