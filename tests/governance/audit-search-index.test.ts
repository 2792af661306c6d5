// SQLite's audit search index is filled in batches (migration 0031): appending an audit record leaves
// the index alone, a catch-up indexes every row above the mark, a search catches up first so it finds
// a row appended a moment ago, and deleting or rewriting a row keeps the index equal to its content
// whether or not the row was indexed yet (FTS5's integrity-check compares the two).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteTestDb, type TestDatabase } from "@/tests/helpers/test-db";
import { allowAuditMaintenance, appendAudit } from "@/lib/db/audit-store";
import { listAudit } from "@/lib/db/audit-read";
import { catchUpAuditSearch } from "@/lib/db/audit-search-index";

async function append(db: TestDatabase, from: number, n: number): Promise<void> {
  for (let k = from; k < from + n; k++) {
    await db.sql.tx((q) =>
      appendAudit(q, "sqlite", {
        atMs: 1_000_000 + k,
        actorId: null,
        actorType: "system",
        action: "run.started",
        targetType: "run",
        targetId: `t-${k}`,
        data: { k, note: k % 100 === 7 ? "needle" : "hay" },
      }),
    );
  }
}

async function maintain(db: TestDatabase, sql: string, params: (string | number)[]): Promise<void> {
  await db.sql.tx(async (q) => {
    await allowAuditMaintenance(q, "sqlite");
    await q.run(sql, params);
  });
}

async function indexed(db: TestDatabase, term: string): Promise<number[]> {
  const rows = await db.sql.all<{ id: number }>(`SELECT rowid AS "id" FROM "AuditSearch" WHERE "AuditSearch" MATCH ? ORDER BY rowid`, [
    `"${term}"`,
  ]);
  return rows.map((r) => Number(r.id));
}

async function mark(db: TestDatabase): Promise<number> {
  return Number((await db.sql.all<{ m: number }>(`SELECT "indexedId" AS "m" FROM "AuditSearchMark"`))[0].m);
}

async function integrityCheck(db: TestDatabase): Promise<void> {
  await db.sql.run(`INSERT INTO "AuditSearch" ("AuditSearch") VALUES ('integrity-check')`);
}

async function needles(db: TestDatabase): Promise<number[]> {
  return (await listAudit(db.sql, { q: "needle" }, { limit: 1000 })).events.map((e) => e.id).sort((a, b) => a - b);
}

async function scanNeedles(db: TestDatabase): Promise<number[]> {
  const rows = await db.sql.all<{ id: number }>(`SELECT "id" FROM "AuditEvent" WHERE "data" LIKE '%needle%' ORDER BY "id"`);
  return rows.map((r) => Number(r.id));
}

describe("audit search index in batches (SQLite)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createSqliteTestDb();
  });
  afterAll(async () => db?.drop());

  it("indexes appended rows only when caught up, in batches, and a search catches up first", async () => {
    await append(db, 0, 1200);
    expect(await indexed(db, "eed")).toEqual([]);
    expect(await mark(db)).toBe(0);
    // a row deleted and a row rewritten before they were indexed
    await maintain(db, `DELETE FROM "AuditEvent" WHERE "id" = ?`, [8]);
    await maintain(db, `UPDATE "AuditEvent" SET "data" = ? WHERE "id" = ?`, ['{"note":"needle"}', 20]);
    expect(await catchUpAuditSearch(db.sql)).toBe(1199);
    expect(await mark(db)).toBe(1200);
    await integrityCheck(db);
    expect(await catchUpAuditSearch(db.sql)).toBe(0);
    expect(await needles(db)).toEqual(await scanNeedles(db));
    expect(await needles(db)).toContain(20);

    // indexed rows deleted and rewritten leave the index equal to the table
    await maintain(db, `DELETE FROM "AuditEvent" WHERE "id" = ?`, [108]);
    await maintain(db, `UPDATE "AuditEvent" SET "data" = ? WHERE "id" = ?`, ['{"note":"needle"}', 30]);
    await integrityCheck(db);
    expect(await needles(db)).toEqual(await scanNeedles(db));

    // a search finds a row appended a moment ago
    await append(db, 1207, 1);
    expect(await needles(db)).toContain(1201);
    expect(await mark(db)).toBe(1201);
    await integrityCheck(db);
  });
});
