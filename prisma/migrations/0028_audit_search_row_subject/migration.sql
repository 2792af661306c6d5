-- The data subject (keyed hash) of a dataset row imported from a past run, copied from the run at import:
-- an erasure finds the row by it even after the retention purge deleted the run. Rows imported before
-- this migration take it from their source run while that run still exists.
ALTER TABLE "EvalDatasetRow" ADD COLUMN "subjectHash" TEXT;
UPDATE "EvalDatasetRow" SET "subjectHash" = (SELECT r."subjectHash" FROM "Run" r WHERE r."id" = "EvalDatasetRow"."sourceRunId") WHERE "sourceRunId" IS NOT NULL;

-- CreateIndex
CREATE INDEX "EvalDatasetRow_subjectHash_idx" ON "EvalDatasetRow"("subjectHash");

-- The audit trail's search: a trigram full-text index (FTS5) over the searched columns, kept by triggers
-- (the table is append-only; the audit retention purge deletes). It narrows a substring search to
-- candidate rows; the LIKE predicates still decide (lib/db/audit-read.ts). Derived data, not a table of
-- its own in the data inventory (lib/governance/data-inventory.ts: DERIVED_TABLES).
-- Trigger bodies stay on one line: the migration runner splits statements at a semicolon ending a line.
CREATE VIRTUAL TABLE "AuditSearch" USING fts5("action", "targetId", "data", content='AuditEvent', content_rowid='id', tokenize='trigram', detail='none', columnsize=0);
INSERT INTO "AuditSearch"("AuditSearch") VALUES ('rebuild');
CREATE TRIGGER "AuditEvent_search_insert" AFTER INSERT ON "AuditEvent" BEGIN INSERT INTO "AuditSearch"(rowid, "action", "targetId", "data") VALUES (new."id", new."action", new."targetId", new."data"); END;
CREATE TRIGGER "AuditEvent_search_delete" AFTER DELETE ON "AuditEvent" BEGIN INSERT INTO "AuditSearch"("AuditSearch", rowid, "action", "targetId", "data") VALUES ('delete', old."id", old."action", old."targetId", old."data"); END;
CREATE TRIGGER "AuditEvent_search_update" AFTER UPDATE ON "AuditEvent" BEGIN INSERT INTO "AuditSearch"("AuditSearch", rowid, "action", "targetId", "data") VALUES ('delete', old."id", old."action", old."targetId", old."data"); INSERT INTO "AuditSearch"(rowid, "action", "targetId", "data") VALUES (new."id", new."action", new."targetId", new."data"); END;
