-- Test runs of the draft (issue 16): a run marked as a test, kept out of production lists and
-- statistics; a test snapshot version (never published, negative number) carries the pinned outputs
-- its test runs reuse; pins themselves belong to the draft.
ALTER TABLE "Run" ADD COLUMN "isTest" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "WorkflowVersion" ADD COLUMN "pins" TEXT;

-- CreateTable
CREATE TABLE "WorkflowPin" (
    "workflowId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "output" TEXT NOT NULL,
    "handle" TEXT NOT NULL DEFAULT 'out',
    "sourceRunId" TEXT,
    "sourceStepKey" TEXT,
    "pinnedById" TEXT,
    "pinnedAtMs" REAL NOT NULL,

    PRIMARY KEY ("workflowId", "nodeId")
);
