-- Fewer index writes per run (lib/db/ARCHITECTURE.md, "Indexes on Run": each index, the queries that
-- need it, and why). A new run, and every update of a run that changes an indexed column, writes every
-- index whose predicate the row meets. These indexes keep serving their queries but leave out the rows
-- those queries never look for. (On SQLite an index build takes the write lock for its duration.)

-- No query reads finished runs by "finishedAtMs" alone: the retention purge and the alert check name
-- the workflow (Run_workflowId_finishedAtMs_idx), the archiver reads its own backlog index.
DROP INDEX IF EXISTS "Run_finishedAtMs_idx";

-- Sub-workflow runs by parent: top-level runs (nearly all) have no parent and no query looks them up here.
DROP INDEX IF EXISTS "Run_parentRunId_idx";
CREATE INDEX "Run_parentRunId_idx" ON "Run"("parentRunId") WHERE "parentRunId" IS NOT NULL;

-- Retention and alerts read finished runs of a workflow by when they finished: active runs are left out.
DROP INDEX IF EXISTS "Run_workflowId_finishedAtMs_idx";
CREATE INDEX "Run_workflowId_finishedAtMs_idx" ON "Run"("workflowId", "finishedAtMs") WHERE "finishedAtMs" IS NOT NULL;

-- The rollup backlog holds finished runs not added yet (it held active runs too); the dashboard reads
-- active runs through (status, createdAt).
DROP INDEX IF EXISTS "Run_rollup_backlog_idx";
CREATE INDEX "Run_rollup_backlog_idx" ON "Run"("createdAt") WHERE "rolledUpAtMs" IS NULL AND "status" IN ('succeeded','failed','cancelled','compensated','compensation_failed');

-- No query reads steps by wake time: timers wake runs through "Run"."readyAtMs"; a waiting step is
-- found by its run or its wait key. Moving a step's wake time (an escalation) need not write an index.
DROP INDEX IF EXISTS "Step_wakeAtMs_idx";
