-- The past run an imported dataset row copies (erasure by data subject redacts the row with the run),
-- and the test run an evaluation row copies the output of, found by run id in erasure and retention.
ALTER TABLE "EvalDatasetRow" ADD COLUMN "sourceRunId" TEXT;

-- CreateIndex
CREATE INDEX "EvalDatasetRow_sourceRunId_idx" ON "EvalDatasetRow"("sourceRunId");

-- CreateIndex
CREATE INDEX "EvaluationRow_runId_idx" ON "EvaluationRow"("runId");
