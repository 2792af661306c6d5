-- switchyard:no-transaction
-- Fewer index writes per run (lib/db/ARCHITECTURE.md, "Indexes on Run": each index, the queries that
-- need it, and why). A new run, and every update of a run that moves an indexed column (status,
-- readyAtMs, finishedAtMs, the backlog stamps), writes one tuple into every index whose predicate the
-- row meets; the engine updates a run a few times while it is active. These indexes keep serving
-- their queries but leave out the rows those queries never look for. Built CONCURRENTLY outside a
-- transaction (lib/db/migrate.ts): the engine keeps writing runs meanwhile. Each partial form is built
-- under a temporary name before the full one is dropped (its queries always have an index), then
-- takes the old name. Every statement is retry-safe.

-- No query reads finished runs by "finishedAtMs" alone: the retention purge and the alert check name
-- the workflow (Run_workflowId_finishedAtMs_idx), the archiver reads its own backlog index.
DROP INDEX CONCURRENTLY IF EXISTS "Run_finishedAtMs_idx";

-- Sub-workflow runs by parent: top-level runs (nearly all) have no parent and no query looks them up here.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Run_parentRunId_part_idx" ON "Run"("parentRunId") WHERE "parentRunId" IS NOT NULL;
DROP INDEX CONCURRENTLY IF EXISTS "Run_parentRunId_idx";
ALTER INDEX IF EXISTS "Run_parentRunId_part_idx" RENAME TO "Run_parentRunId_idx";

-- Retention and alerts read finished runs of a workflow by when they finished: an active run is not
-- in it, so the engine's updates while a run is active skip it.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Run_workflowId_finishedAtMs_part_idx" ON "Run"("workflowId", "finishedAtMs") WHERE "finishedAtMs" IS NOT NULL;
DROP INDEX CONCURRENTLY IF EXISTS "Run_workflowId_finishedAtMs_idx";
ALTER INDEX IF EXISTS "Run_workflowId_finishedAtMs_part_idx" RENAME TO "Run_workflowId_finishedAtMs_idx";

-- The rollup backlog holds finished runs not added yet. It held active runs too, so every engine
-- update of an active run wrote it; the dashboard reads active runs through (status, createdAt).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Run_rollup_backlog_part_idx" ON "Run"("createdAt") WHERE "rolledUpAtMs" IS NULL AND "status" IN ('succeeded','failed','cancelled','compensated','compensation_failed');
DROP INDEX CONCURRENTLY IF EXISTS "Run_rollup_backlog_idx";
ALTER INDEX IF EXISTS "Run_rollup_backlog_part_idx" RENAME TO "Run_rollup_backlog_idx";

-- No query reads steps by wake time: timers wake runs through "Run"."readyAtMs"; a waiting step is
-- found by its run or its wait key. Moving a step's wake time (an escalation) need not write an index.
DROP INDEX CONCURRENTLY IF EXISTS "Step_wakeAtMs_idx";
