-- History archive (lib/db/ARCHITECTURE.md, "History that stays fast"): the steps, events and model
-- calls of runs that finished a while ago move, in bounded transactional batches run by the worker, from
-- the hot tables into these archive tables of the same columns. The engine's hot path (claims, upserts,
-- the unique and partial indexes it writes) then only ever holds live and recently finished runs, however
-- much history accumulates. Reads that may concern a finished run go through the *History views
-- (UNION ALL of both tables): a row is in exactly one of them at every committed state, and each arm is
-- answered from its own (runId, …) index. "Run"."archivedAtMs" says when a run's rows moved.
ALTER TABLE "Run" ADD COLUMN "archivedAtMs" DOUBLE PRECISION;

-- Finished runs not archived yet: what the archiver looks for. Partial, so it holds only the backlog.
CREATE INDEX "Run_archive_backlog_idx" ON "Run"("finishedAtMs") WHERE "archivedAtMs" IS NULL AND "finishedAtMs" IS NOT NULL;

CREATE TABLE "StepArchive" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "input" TEXT,
    "output" TEXT,
    "outputHandle" TEXT,
    "error" TEXT,
    "idempotencyKey" TEXT,
    "wakeAtMs" DOUBLE PRECISION,
    "leaseOwner" TEXT,
    "fencingToken" INTEGER,
    "scheduledAtMs" DOUBLE PRECISION NOT NULL,
    "startedAtMs" DOUBLE PRECISION,
    "finishedAtMs" DOUBLE PRECISION,
    "waitKey" TEXT
);
CREATE UNIQUE INDEX "StepArchive_runId_stepKey_key" ON "StepArchive"("runId", "stepKey");
-- a callback token of a finished run still answers "already received" or "expired", not "unknown"
CREATE INDEX "StepArchive_waitKey_idx" ON "StepArchive"("waitKey") WHERE "waitKey" IS NOT NULL;

-- ids are kept: the run view pages events by id, and SSE clients resume by id
CREATE TABLE "RunEventArchive" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "stepKey" TEXT,
    "data" TEXT NOT NULL DEFAULT '{}',
    "atMs" DOUBLE PRECISION NOT NULL
);
CREATE INDEX "RunEventArchive_runId_id_idx" ON "RunEventArchive"("runId", "id");

CREATE TABLE "ModelCallArchive" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "providerId" TEXT,
    "model" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "response" TEXT,
    "error" TEXT,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latencyMs" INTEGER NOT NULL DEFAULT 0,
    "atMs" DOUBLE PRECISION NOT NULL
);
CREATE UNIQUE INDEX "ModelCallArchive_runId_stepKey_seq_key" ON "ModelCallArchive"("runId", "stepKey", "seq");

CREATE VIEW "StepHistory" AS
    SELECT "id", "runId", "stepKey", "nodeId", "kind", "status", "attempt", "input", "output", "outputHandle", "error", "idempotencyKey", "wakeAtMs", "leaseOwner", "fencingToken", "scheduledAtMs", "startedAtMs", "finishedAtMs", "waitKey" FROM "Step"
    UNION ALL SELECT "id", "runId", "stepKey", "nodeId", "kind", "status", "attempt", "input", "output", "outputHandle", "error", "idempotencyKey", "wakeAtMs", "leaseOwner", "fencingToken", "scheduledAtMs", "startedAtMs", "finishedAtMs", "waitKey" FROM "StepArchive";

CREATE VIEW "RunEventHistory" AS
    SELECT "id", "runId", "type", "stepKey", "data", "atMs" FROM "RunEvent"
    UNION ALL SELECT "id", "runId", "type", "stepKey", "data", "atMs" FROM "RunEventArchive";

CREATE VIEW "ModelCallHistory" AS
    SELECT "id", "runId", "stepKey", "seq", "providerId", "model", "request", "response", "error", "inputTokens", "outputTokens", "costUsd", "latencyMs", "atMs" FROM "ModelCall"
    UNION ALL SELECT "id", "runId", "stepKey", "seq", "providerId", "model", "request", "response", "error", "inputTokens", "outputTokens", "costUsd", "latencyMs", "atMs" FROM "ModelCallArchive";
