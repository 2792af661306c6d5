-- The audit search index (FTS5, migration 0028) is filled in batches instead of by a trigger on every
-- insert. FTS5 writes a new index segment for every transaction that touched it and merges segments as
-- they pile up, so one audit row per transaction (every run start, every decision) cost more than the
-- rest of its transaction. "AuditSearchMark" holds the last AuditEvent id in the index: ids are
-- assigned in commit order (one writer), so every row above it is not indexed yet and every row at or
-- below it is. lib/db/audit-search-index.ts moves the mark in batches; a search first brings the index
-- up to date, so its results still equal a scan (lib/db/audit-read.ts). The delete and update triggers
-- now touch the index only for rows it holds. Derived data (lib/governance/data-inventory.ts).
-- Trigger bodies stay on one line: the migration runner splits statements at a semicolon ending a line.
CREATE TABLE "AuditSearchMark" ("id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1), "indexedId" INTEGER NOT NULL);
INSERT INTO "AuditSearchMark" ("id", "indexedId") SELECT 1, COALESCE(MAX("id"), 0) FROM "AuditEvent";
DROP TRIGGER "AuditEvent_search_insert";
DROP TRIGGER "AuditEvent_search_delete";
DROP TRIGGER "AuditEvent_search_update";
CREATE TRIGGER "AuditEvent_search_delete" AFTER DELETE ON "AuditEvent" WHEN old."id" <= (SELECT "indexedId" FROM "AuditSearchMark") BEGIN INSERT INTO "AuditSearch"("AuditSearch", rowid, "action", "targetId", "data") VALUES ('delete', old."id", old."action", old."targetId", old."data"); END;
CREATE TRIGGER "AuditEvent_search_update" AFTER UPDATE ON "AuditEvent" WHEN old."id" <= (SELECT "indexedId" FROM "AuditSearchMark") BEGIN INSERT INTO "AuditSearch"("AuditSearch", rowid, "action", "targetId", "data") VALUES ('delete', old."id", old."action", old."targetId", old."data"); INSERT INTO "AuditSearch"(rowid, "action", "targetId", "data") VALUES (new."id", new."action", new."targetId", new."data"); END;
