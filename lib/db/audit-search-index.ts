// SQLite: brings the audit search index (FTS5, migrations 0028 and 0031) up to date in batches. A
// trigger per insert made FTS5 write and merge an index segment in every transaction that appended an
// audit record (each run start, each decision); a batch writes one segment for many rows. Rows above
// "AuditSearchMark"."indexedId" are not in the index yet: the governance sweep indexes them every few
// seconds, and a search first indexes whatever is left, so its results still equal a scan.
// PostgreSQL indexes with GIN as rows are written: nothing to do there.
import "server-only";
import type { SqlDb, SqlQuery } from "./sql";

/** Rows per transaction: short enough that a writer queued behind the batch waits milliseconds. */
const BATCH_ROWS = 500;

/** Indexes up to `limit` rows above the mark in the caller's transaction; returns how many. */
async function indexBatch(q: SqlQuery, limit: number): Promise<number> {
  const [mark] = await q.all<{ from: number; to: number | null; n: number }>(
    `SELECT (SELECT "indexedId" FROM "AuditSearchMark" WHERE "id" = 1) AS "from", MAX("id") AS "to", COUNT(*) AS "n"
       FROM (SELECT "id" FROM "AuditEvent" WHERE "id" > (SELECT "indexedId" FROM "AuditSearchMark" WHERE "id" = 1) ORDER BY "id" LIMIT ?)`,
    [limit],
  );
  if (!mark || mark.to === null) return 0;
  await q.run(
    `INSERT INTO "AuditSearch" (rowid, "action", "targetId", "data")
     SELECT "id", "action", "targetId", "data" FROM "AuditEvent" WHERE "id" > ? AND "id" <= ? ORDER BY "id"`,
    [mark.from, mark.to],
  );
  await q.run(`UPDATE "AuditSearchMark" SET "indexedId" = ? WHERE "id" = 1`, [mark.to]);
  return Number(mark.n);
}

/**
 * Indexes every audit row not in the search index yet, one short transaction per batch, yielding to
 * the event loop between batches. Returns the number of rows indexed (0 on PostgreSQL).
 */
export async function catchUpAuditSearch(db: SqlDb): Promise<number> {
  if (db.dialect !== "sqlite") return 0;
  // read first: a search or sweep with nothing to index takes no write lock
  const [pending] = await db.all<{ n: number }>(
    `SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "AuditEvent" WHERE "id" > (SELECT "indexedId" FROM "AuditSearchMark" WHERE "id" = 1) LIMIT 1)`,
  );
  if (!Number(pending?.n)) return 0;
  let total = 0;
  for (;;) {
    const n = await db.tx((q) => indexBatch(q, BATCH_ROWS));
    total += n;
    if (n < BATCH_ROWS) return total;
    await new Promise<void>((r) => setImmediate(r));
  }
}
