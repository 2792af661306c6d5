-- switchyard:no-transaction
-- Runs outside a transaction (lib/db/migrate.ts) so that its indexes are built CONCURRENTLY: on a large
-- existing database the audit table and the dataset rows take writes while they build. Every statement
-- is retry-safe; an interrupted run starts again from the top. The result is what the first form of
-- this migration made (same columns, same indexes, same names).

-- The data subject (keyed hash) of a dataset row imported from a past run, copied from the run at import:
-- an erasure finds the row by it even after the retention purge deleted the run. Rows imported before
-- this migration take it from their source run while that run still exists.
ALTER TABLE "EvalDatasetRow" ADD COLUMN IF NOT EXISTS "subjectHash" TEXT;
UPDATE "EvalDatasetRow" d SET "subjectHash" = r."subjectHash" FROM "Run" r WHERE r."id" = d."sourceRunId" AND d."subjectHash" IS NULL;

-- CreateIndex
CREATE INDEX CONCURRENTLY IF NOT EXISTS "EvalDatasetRow_subjectHash_idx" ON "EvalDatasetRow"("subjectHash");

-- The audit trail's search: a trigram GIN index (pg_trgm) over the searched text, action, target id and
-- data in one expression (lib/db/audit-read.ts searches that expression, then the columns one by one).
-- pg_trgm is a trusted extension (PostgreSQL 13+); where it cannot be created the index is left out and
-- a search scans. Bodies stay on one line: the migration runner splits statements at a semicolon ending a line.
DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm; EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'pg_trgm is not available (%): the audit search scans', SQLERRM; END $$;
-- switchyard:only-if SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'
CREATE INDEX CONCURRENTLY IF NOT EXISTS "AuditEvent_search_trgm_idx" ON "AuditEvent" USING gin (("action" || ' ' || "targetId" || ' ' || "data") gin_trgm_ops);

-- The audit page's time range becomes id bounds (MIN and MAX id of the range) read by an index-only scan
-- of this index; SQLite's "atMs" index already carries the rowid.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "AuditEvent_atMs_id_idx" ON "AuditEvent"("atMs", "id");
