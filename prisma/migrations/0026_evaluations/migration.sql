-- CreateTable
CREATE TABLE "EvalDataset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "rowCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAtMs" REAL NOT NULL
);

-- CreateIndex
CREATE INDEX "EvalDataset_workflowId_createdAtMs_idx" ON "EvalDataset"("workflowId", "createdAtMs");

-- CreateTable
CREATE TABLE "EvalDatasetRow" (
    "datasetId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "input" TEXT NOT NULL,
    "expected" TEXT,

    PRIMARY KEY ("datasetId", "position")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "targetLabel" TEXT NOT NULL,
    "targetVersionId" TEXT NOT NULL,
    "draftHash" TEXT,
    "compareLabel" TEXT,
    "compareVersionId" TEXT,
    "graders" TEXT NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "doneCount" INTEGER NOT NULL DEFAULT 0,
    "totals" TEXT,
    "passRate" REAL,
    "createdById" TEXT NOT NULL,
    "createdByRole" TEXT NOT NULL,
    "createdAtMs" REAL NOT NULL,
    "finishedAtMs" REAL,
    "leaseOwner" TEXT,
    "leaseExpiresMs" REAL
);

-- CreateIndex
CREATE INDEX "Evaluation_workflowId_createdAtMs_idx" ON "Evaluation"("workflowId", "createdAtMs");

-- CreateIndex
CREATE INDEX "Evaluation_status_idx" ON "Evaluation"("status");

-- CreateTable
CREATE TABLE "EvaluationRow" (
    "evaluationId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "runId" TEXT,
    "output" TEXT,
    "scores" TEXT,
    "pass" INTEGER,
    "costUsd" REAL,
    "latencyMs" REAL,
    "escalated" INTEGER,

    PRIMARY KEY ("evaluationId", "position", "target")
);

-- CreateIndex
CREATE INDEX "EvaluationRow_evaluationId_status_idx" ON "EvaluationRow"("evaluationId", "status");
