-- switchyard:no-transaction
-- Runs outside a transaction (lib/db/migrate.ts) so that its indexes on "Run" build CONCURRENTLY: on a
-- large database the engine keeps writing runs while they build (in one transaction, the column added
-- first held "Run" locked against every read and write until the backfill and every build had ended).
-- Every statement is retry-safe; an interrupted run starts again from the top. The result is what the
-- first form of this migration made (same columns, tables, rows and indexes, same names).

-- Run list and dashboard at 1,000,000 runs (lib/db/ARCHITECTURE.md, "History that stays fast").
--
-- Run list: each filter the list offers, with its newest-first order and the id tie-break of keyset
-- pagination, is one index range. The version filter had (versionId) only (every run of a version was
-- sorted); a workflow and status together had two single-column ranges to choose from; test runs had
-- none (the list walked every production run to find them). The new version index is built before the
-- old one goes, so the version filter always has one.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Run_versionId_createdAt_idx" ON "Run"("versionId", "createdAt");
DROP INDEX CONCURRENTLY IF EXISTS "Run_versionId_idx";
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Run_workflowId_status_createdAt_idx" ON "Run"("workflowId", "status", "createdAt");
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Run_test_createdAt_idx" ON "Run"("createdAt") WHERE "isTest";

-- Dashboard rollup: finished runs counted per workflow x hour of creation x status x outcome x hour
-- started x hour finished, with cost, tokens and duration sums, and their model calls per workflow x
-- hour x model. The worker's history pass (lib/server/history-archiver.ts) adds finished runs in
-- batches and stamps "rolledUpAtMs" in the same transaction; the dashboard reads the rollup for rolled
-- runs and the Run table for the rest (the backlog index below), so its figures are exact at every
-- committed state. '' (no outcome) and -1 (never started) stand for NULL, which a primary key cannot hold.
ALTER TABLE "Run" ADD COLUMN IF NOT EXISTS "rolledUpAtMs" DOUBLE PRECISION;

CREATE TABLE IF NOT EXISTS "RunRollup" (
    "hourMs" DOUBLE PRECISION NOT NULL,
    "workflowId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT '',
    "startedHourMs" DOUBLE PRECISION NOT NULL DEFAULT -1,
    "finishedHourMs" DOUBLE PRECISION NOT NULL DEFAULT -1,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "tokens" BIGINT NOT NULL DEFAULT 0,
    "timedRuns" INTEGER NOT NULL DEFAULT 0,
    "durationMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    CONSTRAINT "RunRollup_pkey" PRIMARY KEY ("hourMs", "workflowId", "status", "outcome", "startedHourMs", "finishedHourMs")
);

CREATE TABLE IF NOT EXISTS "RunModelRollup" (
    "hourMs" DOUBLE PRECISION NOT NULL,
    "workflowId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "tokens" BIGINT NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    CONSTRAINT "RunModelRollup_pkey" PRIMARY KEY ("hourMs", "workflowId", "model")
);

-- Backfill: every finished run so far, as the worker's pass would add it (test runs are stamped, not
-- counted). One statement stamps the runs and adds them and their model calls, so it commits whole or
-- not at all, and a run again after an interruption adds only the runs it has not stamped.
WITH stamped AS (
  UPDATE "Run" SET "rolledUpAtMs" = 0 WHERE "status" IN ('succeeded','failed','cancelled','compensated','compensation_failed') AND "rolledUpAtMs" IS NULL
  RETURNING "id", "workflowId", "createdAt", "status", "outcome", "startedAtMs", "finishedAtMs", "costUsd", "tokens", "isTest"
), counted AS (
  INSERT INTO "RunRollup" ("hourMs","workflowId","status","outcome","startedHourMs","finishedHourMs","runs","costUsd","tokens","timedRuns","durationMs")
  SELECT (floor(extract(epoch from r."createdAt") / 3600) * 3600000)::float8, r."workflowId", r."status", COALESCE(r."outcome", ''),
         COALESCE((floor(r."startedAtMs" / 3600000) * 3600000), -1), COALESCE((floor(r."finishedAtMs" / 3600000) * 3600000), -1),
         COUNT(*), SUM(r."costUsd"), SUM(r."tokens"),
         SUM(CASE WHEN r."startedAtMs" IS NOT NULL AND r."finishedAtMs" IS NOT NULL THEN 1 ELSE 0 END),
         SUM(CASE WHEN r."startedAtMs" IS NOT NULL AND r."finishedAtMs" IS NOT NULL THEN r."finishedAtMs" - r."startedAtMs" ELSE 0 END)
  FROM stamped r WHERE NOT r."isTest"
  GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ("hourMs", "workflowId", "status", "outcome", "startedHourMs", "finishedHourMs") DO UPDATE SET
    "runs" = "RunRollup"."runs" + EXCLUDED."runs", "costUsd" = "RunRollup"."costUsd" + EXCLUDED."costUsd",
    "tokens" = "RunRollup"."tokens" + EXCLUDED."tokens", "timedRuns" = "RunRollup"."timedRuns" + EXCLUDED."timedRuns",
    "durationMs" = "RunRollup"."durationMs" + EXCLUDED."durationMs"
)
INSERT INTO "RunModelRollup" ("hourMs","workflowId","model","calls","tokens","costUsd")
SELECT h."hourMs", h."workflowId", h."model", SUM(h."calls"), SUM(h."tokens"), SUM(h."costUsd") FROM (
  SELECT (floor(extract(epoch from r."createdAt") / 3600) * 3600000)::float8 AS "hourMs", r."workflowId" AS "workflowId", m."model" AS "model", COUNT(*) AS "calls",
         SUM(m."inputTokens" + m."outputTokens") AS "tokens", SUM(m."costUsd") AS "costUsd"
  FROM stamped r JOIN "ModelCall" m ON m."runId" = r."id"
  WHERE NOT r."isTest" AND m."model" NOT LIKE 'tool:%' AND m."model" NOT LIKE 'memory:%' AND m."model" NOT LIKE 'decision:%' GROUP BY 1, 2, 3
  UNION ALL
  SELECT (floor(extract(epoch from r."createdAt") / 3600) * 3600000)::float8, r."workflowId", m."model", COUNT(*), SUM(m."inputTokens" + m."outputTokens"), SUM(m."costUsd")
  FROM stamped r JOIN "ModelCallArchive" m ON m."runId" = r."id"
  WHERE NOT r."isTest" AND m."model" NOT LIKE 'tool:%' AND m."model" NOT LIKE 'memory:%' AND m."model" NOT LIKE 'decision:%' GROUP BY 1, 2, 3
) h GROUP BY h."hourMs", h."workflowId", h."model"
ON CONFLICT ("hourMs", "workflowId", "model") DO UPDATE SET
  "calls" = "RunModelRollup"."calls" + EXCLUDED."calls", "tokens" = "RunModelRollup"."tokens" + EXCLUDED."tokens",
  "costUsd" = "RunModelRollup"."costUsd" + EXCLUDED."costUsd";

-- The backlog: runs not added yet. Built after the backfill stamped history, so it holds only the
-- active runs and the ones that finished since (migration 0032 narrows it to finished ones).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Run_rollup_backlog_idx" ON "Run"("createdAt") WHERE "rolledUpAtMs" IS NULL;
