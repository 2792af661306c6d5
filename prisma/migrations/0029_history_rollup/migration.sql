-- Run list and dashboard at 1,000,000 runs (lib/db/ARCHITECTURE.md, "History that stays fast").
--
-- Run list: each filter the list offers, with its newest-first order and the id tie-break of keyset
-- pagination, is one index range. The version filter had (versionId) only (every run of a version was
-- sorted); a workflow and status together had two single-column ranges to choose from; test runs had
-- none (the list walked every production run to find them).
DROP INDEX "Run_versionId_idx";
CREATE INDEX "Run_versionId_createdAt_idx" ON "Run"("versionId", "createdAt");
CREATE INDEX "Run_workflowId_status_createdAt_idx" ON "Run"("workflowId", "status", "createdAt");
CREATE INDEX "Run_test_createdAt_idx" ON "Run"("createdAt") WHERE "isTest";

-- Dashboard rollup: finished runs counted per workflow x hour of creation x status x outcome x hour
-- started x hour finished, with cost, tokens and duration sums, and their model calls per workflow x
-- hour x model. The worker's history pass (lib/server/history-archiver.ts) adds finished runs in
-- batches and stamps "rolledUpAtMs" in the same transaction; the dashboard reads the rollup for rolled
-- runs and the Run table for the rest (the backlog index below: active runs and the last minute's
-- finished ones), so its figures are exact at every committed state. '' (no outcome) and -1 (never
-- started) stand for NULL, which a primary key cannot hold.
ALTER TABLE "Run" ADD COLUMN "rolledUpAtMs" REAL;
CREATE INDEX "Run_rollup_backlog_idx" ON "Run"("createdAt") WHERE "rolledUpAtMs" IS NULL;

CREATE TABLE "RunRollup" (
    "hourMs" REAL NOT NULL,
    "workflowId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT '',
    "startedHourMs" REAL NOT NULL DEFAULT -1,
    "finishedHourMs" REAL NOT NULL DEFAULT -1,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "costUsd" REAL NOT NULL DEFAULT 0,
    "tokens" BIGINT NOT NULL DEFAULT 0,
    "timedRuns" INTEGER NOT NULL DEFAULT 0,
    "durationMs" REAL NOT NULL DEFAULT 0,
    CONSTRAINT "RunRollup_pkey" PRIMARY KEY ("hourMs", "workflowId", "status", "outcome", "startedHourMs", "finishedHourMs")
);

CREATE TABLE "RunModelRollup" (
    "hourMs" REAL NOT NULL,
    "workflowId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "tokens" BIGINT NOT NULL DEFAULT 0,
    "costUsd" REAL NOT NULL DEFAULT 0,
    CONSTRAINT "RunModelRollup_pkey" PRIMARY KEY ("hourMs", "workflowId", "model")
);

-- Backfill: every finished run so far, as the worker's pass would add it (test runs are marked, not counted).
INSERT INTO "RunRollup" ("hourMs","workflowId","status","outcome","startedHourMs","finishedHourMs","runs","costUsd","tokens","timedRuns","durationMs")
SELECT (CAST(strftime('%s', r."createdAt") AS INTEGER) / 3600) * 3600000, r."workflowId", r."status", COALESCE(r."outcome", ''),
       COALESCE((CAST(r."startedAtMs" AS INTEGER) / 3600000) * 3600000, -1), COALESCE((CAST(r."finishedAtMs" AS INTEGER) / 3600000) * 3600000, -1),
       COUNT(*), SUM(r."costUsd"), SUM(r."tokens"),
       SUM(CASE WHEN r."startedAtMs" IS NOT NULL AND r."finishedAtMs" IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN r."startedAtMs" IS NOT NULL AND r."finishedAtMs" IS NOT NULL THEN r."finishedAtMs" - r."startedAtMs" ELSE 0 END)
FROM "Run" r WHERE r."status" IN ('succeeded','failed','cancelled','compensated','compensation_failed') AND NOT r."isTest"
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "RunModelRollup" ("hourMs","workflowId","model","calls","tokens","costUsd")
SELECT h."hourMs", h."workflowId", h."model", SUM(h."calls"), SUM(h."tokens"), SUM(h."costUsd") FROM (
  SELECT (CAST(strftime('%s', r."createdAt") AS INTEGER) / 3600) * 3600000 AS "hourMs", r."workflowId" AS "workflowId", m."model" AS "model", COUNT(*) AS "calls",
         SUM(m."inputTokens" + m."outputTokens") AS "tokens", SUM(m."costUsd") AS "costUsd"
  FROM "Run" r JOIN "ModelCall" m ON m."runId" = r."id"
  WHERE r."status" IN ('succeeded','failed','cancelled','compensated','compensation_failed') AND NOT r."isTest" AND m."model" NOT LIKE 'tool:%' AND m."model" NOT LIKE 'memory:%' AND m."model" NOT LIKE 'decision:%' GROUP BY 1, 2, 3
  UNION ALL
  SELECT (CAST(strftime('%s', r."createdAt") AS INTEGER) / 3600) * 3600000, r."workflowId", m."model", COUNT(*), SUM(m."inputTokens" + m."outputTokens"), SUM(m."costUsd")
  FROM "Run" r JOIN "ModelCallArchive" m ON m."runId" = r."id"
  WHERE r."status" IN ('succeeded','failed','cancelled','compensated','compensation_failed') AND NOT r."isTest" AND m."model" NOT LIKE 'tool:%' AND m."model" NOT LIKE 'memory:%' AND m."model" NOT LIKE 'decision:%' GROUP BY 1, 2, 3
) h GROUP BY h."hourMs", h."workflowId", h."model";

UPDATE "Run" SET "rolledUpAtMs" = 0 WHERE "status" IN ('succeeded','failed','cancelled','compensated','compensation_failed');
