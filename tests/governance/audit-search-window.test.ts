// A search pages exactly as a scan would across PostgreSQL's window (the newest PG_SEARCH_WINDOW ids
// read in order, the rest from the trigram index), whatever the term's frequency, with and without a
// cursor or a time range; and the rows below the window are never read by a walk of the ids newest
// first, which costs every row when the planner overestimates the term.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";
import { listAudit, PG_SEARCH_WINDOW, type AuditFilter } from "@/lib/db/audit-read";
import type { Param, SqlQuery } from "@/lib/db/sql";

const ROWS = PG_SEARCH_WINDOW * 2 + 500;
/** Rows holding the rare term: in the window, just either side of its edge, and far below it. */
const RARE = [ROWS, ROWS - 3, ROWS - PG_SEARCH_WINDOW + 1, ROWS - PG_SEARCH_WINDOW, ROWS - PG_SEARCH_WINDOW - 1, 4_000, 17, 1];

function textOf(k: number): string {
  const words = [k % 3 === 0 ? "common" : "plain", RARE.includes(k) ? "needle" : "hay"];
  return JSON.stringify({ k, note: words.join(" ") });
}

describeEachDb("audit search across the window", (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    for (let start = 1; start <= ROWS; start += 500) {
      const params: Param[] = [];
      const n = Math.min(500, ROWS - start + 1);
      for (let k = start; k < start + n; k++)
        params.push(k, 1_000_000 + k * 1000, "u-1", "user", "run.started", "run", `t-${k}`, textOf(k), "p", `h-${k}`);
      const values = Array.from({ length: n }, () => "(?,?,?,?,?,?,?,?,?,?)").join(",");
      await db.sql.run(
        `INSERT INTO "AuditEvent" ("id","atMs","actorId","actorType","action","targetType","targetId","data","prevHash","hash") VALUES ${values}`,
        params,
      );
    }
    if (dialect === "postgresql") await db.sql.run(`ANALYZE "AuditEvent"`);
  });
  afterAll(async () => db?.drop());

  async function allPages(f: AuditFilter, limit: number, q: SqlQuery = db.sql): Promise<number[]> {
    const out: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await listAudit(q, f, { before, limit });
      out.push(...page.events.map((e) => e.id));
      if (page.nextCursor === null) return out;
      before = page.nextCursor;
    }
  }

  const newestFirst = (keep: (k: number) => boolean): number[] => {
    const out: number[] = [];
    for (let k = ROWS; k >= 1; k--) if (keep(k)) out.push(k);
    return out;
  };

  it("finds a rare term on both sides of the window, newest first, a page at a time", async () => {
    const want = newestFirst((k) => RARE.includes(k));
    expect(await allPages({ q: "needle" }, 50)).toEqual(want);
    expect(await allPages({ q: "needle" }, 2)).toEqual(want);
    expect(await allPages({ q: "needle" }, 1)).toEqual(want);
  });

  it("pages a common term through and past the window", async () => {
    const first = await listAudit(db.sql, { q: "common" }, { limit: 50 });
    expect(first.events.map((e) => e.id)).toEqual(newestFirst((k) => k % 3 === 0).slice(0, 50));
    // a cursor just above the window's edge: the page straddles it
    const straddle = await listAudit(db.sql, { q: "common" }, { limit: 50, before: ROWS - PG_SEARCH_WINDOW + 30 });
    expect(straddle.events.map((e) => e.id)).toEqual(newestFirst((k) => k % 3 === 0 && k < ROWS - PG_SEARCH_WINDOW + 30).slice(0, 50));
    expect(straddle.nextCursor).toBe(straddle.events[49].id);
  });

  it("keeps a time range and an actor with the search", async () => {
    const fromMs = 1_000_000 + 3_000 * 1000;
    const toMs = 1_000_000 + 4_500 * 1000;
    expect(await allPages({ q: "needle", fromMs, toMs }, 3)).toEqual([4_000]);
    expect(await allPages({ q: "needle", actorId: "u-2" }, 3)).toEqual([]);
    // a range wider than the window: the window is the range's newest ids, the rest come from below it
    const wide = { q: "needle", fromMs: 1_000_000 + 1_000 * 1000, toMs: 1_000_000 + (ROWS - 499) * 1000 };
    expect(await allPages(wide, 2)).toEqual(newestFirst((k) => RARE.includes(k) && k >= 1_000 && k < ROWS - 499));
    expect(await allPages({ q: "comm", fromMs, toMs }, 400)).toEqual(newestFirst((k) => k % 3 === 0 && k >= 3_000 && k < 4_500));
  });

  // PostgreSQL only: SQLite's search is driven by its FTS5 index (tests/governance/audit-search-index.test.ts)
  if (dialect !== "postgresql") return;
  it("reads the rows below the window from the trigram index, not by walking ids (PostgreSQL plans)", async () => {
    const seen: { sql: string; params: Param[] }[] = [];
    const spy: SqlQuery & { dialect: string } = {
      dialect: db.dialect,
      all: <T>(sql: string, params: Param[] = []) => {
        seen.push({ sql, params });
        return db.sql.all<T>(sql, params);
      },
      run: (sql, params) => db.sql.run(sql, params),
    };
    await listAudit(spy, { q: "needle" }, { limit: 50 });
    const below = seen.find((s) => s.sql.includes(`"id" + 0`));
    if (!below) throw new Error(`no statement read below the window: ${seen.map((s) => s.sql).join("\n")}`);
    // the order is one the id index cannot give, so no plan stops early on a walk of ids newest first:
    // the matches are found (from the trigram index on a large table) and the page is a top-N sort
    const plan = (await db.sql.all<{ "QUERY PLAN": string }>(`EXPLAIN ${below.sql}`, below.params)).map((r) => r["QUERY PLAN"]).join("\n");
    expect(plan).toMatch(/Sort Key: \(\(e\.id \+ 0\)\) DESC/);
    expect(plan).not.toMatch(/Index Scan Backward/);
  });
});
