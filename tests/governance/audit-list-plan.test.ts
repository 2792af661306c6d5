// The audit page's filters stay index-bound: every filtered page is read from an index range, newest
// first, without a temporary B-tree for its order or a walk of the table (at 1,000,000 rows a rare
// action prefix walked every row). And an action prefix pages across all the actions under it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";
import { appendAudit } from "@/lib/db/audit-store";
import { listAudit, type AuditFilter } from "@/lib/db/audit-read";
import type { Param, SqlQuery } from "@/lib/db/sql";

const ACTIONS = ["user.created", "task.decided", "user.role_changed", "userx.renamed", "user.disabled", "run.started"];

describeEachDb("audit list filters", (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    for (let k = 0; k < 60; k++) {
      await db.sql.tx((q) =>
        appendAudit(q, db.dialect, {
          atMs: 1_000_000 + k * 1000,
          actorId: k % 4 === 0 ? "u-ann" : "u-bob",
          action: ACTIONS[k % ACTIONS.length],
          targetType: "run",
          targetId: `t-${k}`,
          data: { k },
        }),
      );
    }
  });
  afterAll(async () => db?.drop());

  async function allPages(f: AuditFilter, limit: number): Promise<string[]> {
    const out: string[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await listAudit(db.sql, f, { before, limit });
      out.push(...page.events.map((e) => `${e.action} ${e.targetId}`));
      if (page.nextCursor === null) return out;
      before = page.nextCursor;
    }
  }

  /** A query handle that records its statements and says its dialect, as the database does (the prefix ranges read it). */
  function spy(seen: { sql: string; params: Param[] }[]): SqlQuery & { dialect: string } {
    return {
      dialect: db.dialect,
      all: <T>(sql: string, params: Param[] = []) => {
        seen.push({ sql, params });
        return db.sql.all<T>(sql, params);
      },
      run: (sql, params) => db.sql.run(sql, params),
    };
  }

  /** The rows a filter must find, newest first, from the seeded rows themselves. */
  function expected(keep: (k: number) => boolean): string[] {
    const out: string[] = [];
    for (let k = 59; k >= 0; k--) if (keep(k)) out.push(`${ACTIONS[k % ACTIONS.length]} t-${k}`);
    return out;
  }

  it("pages an action prefix across every action under it, newest first, and nothing else", async () => {
    const users = expected((k) => ACTIONS[k % ACTIONS.length].startsWith("user."));
    expect(users).toHaveLength(30);
    expect(await allPages({ action: "user." }, 7)).toEqual(users);
    expect(await allPages({ action: "user.", actorId: "u-ann" }, 4)).toEqual(
      expected((k) => k % 4 === 0 && ACTIONS[k % ACTIONS.length].startsWith("user.")),
    );
    expect(await allPages({ action: "user.", fromMs: 1_010_000, toMs: 1_040_000 }, 3)).toEqual(
      expected((k) => k >= 10 && k < 40 && ACTIONS[k % ACTIONS.length].startsWith("user.")),
    );
    expect(await allPages({ action: "retention." }, 5)).toEqual([]);
  });

  it("filters by actor and action together", async () => {
    expect(await allPages({ actorId: "u-bob", action: "task.decided" }, 3)).toEqual(
      expected((k) => k % 4 !== 0 && ACTIONS[k % ACTIONS.length] === "task.decided"),
    );
  });

  it("reads an action prefix's page from each action's index range on both databases, never by LIKE", async () => {
    for (const f of [{ action: "user." }, { action: "retention." }, { actorId: "u-bob", action: "user." }] as AuditFilter[]) {
      const seen: { sql: string; params: Param[] }[] = [];
      await listAudit(spy(seen), f, { limit: 5, before: 55 });
      const sql = seen.map((q) => q.sql).join("\n");
      // LIKE on the prefix walks the table newest first (every row of it when no row matches)
      expect(sql, JSON.stringify(f)).not.toMatch(/LIKE/);
      if (f.action === "user.") expect(sql).toMatch(/e\."action" = \?/);
    }
  });

  it("reads every filtered page from an index range, with no sort and no walk of the table (SQLite plans)", async () => {
    if (dialect !== "sqlite") return;
    const shapes: AuditFilter[] = [
      { action: "task.decided" },
      { action: "user." },
      { action: "retention." },
      { actorId: "u-ann" },
      { actorId: "u-bob", action: "task.decided" },
      { actorId: "u-bob", action: "user." },
      { targetType: "run", targetId: "t-4" },
      { fromMs: 1_010_000, toMs: 1_020_000 },
      { action: "task.decided", fromMs: 1_010_000, toMs: 1_020_000 },
    ];
    for (const f of shapes) {
      const seen: { sql: string; params: Param[] }[] = [];
      await listAudit(spy(seen), f, { limit: 5 });
      await listAudit(spy(seen), f, { limit: 5, before: 55 });
      for (const q of seen) {
        const plan = (await db.sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q.sql}`, q.params)).map((r) => r.detail).join("; ");
        // a walk of the table newest first, filtering as it goes: from the end, or from the cursor down
        expect(plan, JSON.stringify(f)).not.toMatch(/SCAN (e|x|AuditEvent)\b|PRIMARY KEY \(rowid<\?\)/);
        // a prefix merges its actions' pages: the one sort is of those few ids, never of the table
        if (!f.action?.endsWith(".")) expect(plan, JSON.stringify(f)).not.toMatch(/TEMP B-TREE/);
      }
    }
  });
});
