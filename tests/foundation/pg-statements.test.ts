// PostgreSQL statements are sent as named prepared statements (lib/db/sql.ts, pgStatement): parsed
// once per connection, bound and executed after that. Star columns stay unnamed, so a migration that
// adds a column cannot make a running process's prepared statement fail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgStatement, PgDb } from "@/lib/db/sql";
import { createTestDb, describePostgres, type TestDatabase } from "@/tests/helpers/test-db";

describe("pgStatement", () => {
  it("converts placeholders once and names the statement by its text", () => {
    const a = pgStatement(`SELECT "id","name" FROM "User" WHERE "id"=? AND "role"=?`);
    expect(a.text).toBe(`SELECT "id","name" FROM "User" WHERE "id"=$1 AND "role"=$2`);
    expect(a.name).toMatch(/^sy_[0-9a-f]{24}$/);
    expect(pgStatement(`SELECT "id","name" FROM "User" WHERE "id"=? AND "role"=?`)).toBe(a);
    expect(pgStatement(`SELECT "id" FROM "User" WHERE "id"=?`).name).not.toBe(a.name);
  });

  it("leaves statements whose columns come from a star unnamed, but not COUNT(*)", () => {
    expect(pgStatement(`SELECT * FROM "Run" WHERE "id"=?`).name).toBeUndefined();
    expect(pgStatement(`UPDATE "Run" r SET "status"=? WHERE r."id"=? RETURNING r.*`).name).toBeUndefined();
    expect(pgStatement(`SELECT COUNT(*) AS "n" FROM "Task" WHERE "status"=?`).name).toBeDefined();
  });

  it("keeps '?' inside string literals", () => {
    expect(pgStatement(`SELECT '?' AS "q", "id" FROM "User" WHERE "id"=?`).text).toBe(`SELECT '?' AS "q", "id" FROM "User" WHERE "id"=$1`);
  });
});

describePostgres("named prepared statements", () => {
  let db: TestDatabase;
  let pg: PgDb;
  beforeAll(async () => {
    db = await createTestDb("postgresql");
    pg = new PgDb(db.url, { max: 2 });
    await pg.run(`CREATE TABLE "Probe" ("id" text PRIMARY KEY, "n" integer NOT NULL)`);
  }, 60_000);
  afterAll(async () => {
    await pg?.close();
    await db?.drop();
  });

  it("runs the same statement many times, in and out of transactions, on every connection", async () => {
    for (let i = 0; i < 20; i++) await pg.run(`INSERT INTO "Probe" ("id","n") VALUES (?,?)`, [`p${i}`, i]);
    const reads = await Promise.all(
      Array.from({ length: 10 }, (_, i) => pg.all<{ n: number }>(`SELECT "n" FROM "Probe" WHERE "id"=?`, [`p${i}`])),
    );
    expect(reads.map((r) => r[0].n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const inTx = await pg.tx(async (q) => {
      await q.run(`UPDATE "Probe" SET "n"="n"+? WHERE "id"=?`, [100, "p1"]);
      return q.all<{ n: number }>(`SELECT "n" FROM "Probe" WHERE "id"=?`, ["p1"]);
    });
    expect(inTx[0].n).toBe(101);
  });

  it("keeps working after a migration adds a column (explicit columns named, star columns unnamed)", async () => {
    const named = () => pg.all<{ n: number }>(`SELECT "id","n" FROM "Probe" WHERE "id"=?`, ["p2"]);
    const star = () => pg.all<Record<string, unknown>>(`SELECT * FROM "Probe" WHERE "id"=?`, ["p2"]);
    // prepared on both connections of the pool
    await Promise.all([named(), named(), star(), star()]);
    await pg.run(`ALTER TABLE "Probe" ADD COLUMN "extra" text`);
    const [a, b] = await Promise.all([named(), named()]);
    expect(a[0]).toEqual({ id: "p2", n: 2 });
    expect(b[0]).toEqual({ id: "p2", n: 2 });
    const [s] = await Promise.all([star(), star()]);
    expect(s[0]).toEqual({ id: "p2", n: 2, extra: null });
  });
});
