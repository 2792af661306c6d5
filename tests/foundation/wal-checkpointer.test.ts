// The SQLite WAL is checkpointed by a background thread (lib/db/wal-checkpointer.ts): the committing
// connection's automatic checkpoint is off once the thread runs, the WAL stays bounded under a steady
// stream of commits, and every committed row is in the database file after close.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteDb } from "@/lib/db/sql";
import { TSX, tsxArgs } from "@/tests/helpers/tsx";

const dir = mkdtempSync(path.join(tmpdir(), "sy-wal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const autocheckpoint = (db: SqliteDb) =>
  (db.raw.pragma("wal_autocheckpoint") as Array<{ wal_autocheckpoint: number }>)[0].wal_autocheckpoint;

describe("the WAL checkpoint thread", () => {
  it("takes over checkpoints, keeps the WAL bounded and loses no commit", async () => {
    const file = path.join(dir, "steady.db");
    const db = new SqliteDb(file);
    await until(() => autocheckpoint(db) === 0);
    await db.run(`CREATE TABLE "t" ("id" INTEGER PRIMARY KEY, "v" TEXT NOT NULL)`);
    const N = 6000;
    let maxWal = 0;
    for (let i = 0; i < N; i++) {
      await db.tx(async (q) => {
        await q.run(`INSERT INTO "t" ("v") VALUES (?)`, ["x".repeat(3000)]);
      });
      // Commits arrive as a request stream would: the event loop turns between them.
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 1));
      if (existsSync(`${file}-wal`)) maxWal = Math.max(maxWal, statSync(`${file}-wal`).size);
    }
    await db.close();
    // 6,000 commits of a 3 KB row write about 12,000 pages (48 MB); the WAL restarts near 4,000 pages instead.
    expect(maxWal).toBeLessThan(32 * 1024 * 1024);
    const raw = new Database(file, { readonly: true });
    expect((raw.prepare(`SELECT COUNT(*) AS n FROM "t"`).get() as { n: number }).n).toBe(N);
    raw.close();
  });

  it("never keeps writers out for long while a reader holds an old snapshot", async () => {
    // The thread's RESTART takes the write lock and then waits for readers of older frames. It waited
    // with a 2 s busy timeout, every 100 ms: under load a writer (5 s) could lose every turn and see
    // "database is locked". Here the writer gives up after 1 s, so a wait of seconds shows as an error.
    const file = path.join(dir, "old-reader.db");
    const db = new SqliteDb(file);
    await until(() => autocheckpoint(db) === 0);
    db.raw.pragma("busy_timeout = 1000");
    await db.run(`CREATE TABLE "t" ("id" INTEGER PRIMARY KEY, "v" TEXT NOT NULL)`);
    const reader = new Database(file, { readonly: true });
    try {
      reader.exec("BEGIN");
      reader.prepare(`SELECT COUNT(*) AS n FROM "t"`).get(); // the snapshot is taken at the first read
      // more WAL than the thread lets grow (4,000 pages), none of it copyable past the reader's snapshot
      await db.tx(async (q) => {
        for (let i = 0; i < 5000; i++) await q.run(`INSERT INTO "t" ("v") VALUES (?)`, ["x".repeat(3000)]);
      });
      const errors: string[] = [];
      const end = Date.now() + 3000;
      let commits = 0;
      while (Date.now() < end) {
        try {
          await db.tx(async (q) => {
            await q.run(`INSERT INTO "t" ("v") VALUES (?)`, ["y"]);
          });
          commits++;
        } catch (e) {
          errors.push(String(e));
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(errors).toEqual([]);
      expect(commits).toBeGreaterThan(10);
    } finally {
      reader.exec("COMMIT");
      reader.close();
      await db.close();
    }
  });

  it("keeps SQLite's own checkpoint when asked to (SQLITE_WAL_CHECKPOINT=inline)", async () => {
    const db = new SqliteDb(path.join(dir, "inline.db"), { walCheckpoint: "inline" });
    await new Promise((r) => setTimeout(r, 200));
    expect(autocheckpoint(db)).toBe(1000);
    await db.close();
  });
});

describe("closing", () => {
  it("finishes in a process whose event loop holds nothing else", () => {
    // Regression: close() awaited an unreferenced thread and timer, so a script that closed its
    // database last exited (code 0) before close() returned and skipped whatever came after.
    const file = path.join(dir, "close.db");
    const script = `
      import { SqliteDb } from ${JSON.stringify(path.resolve("lib/db/sql.ts"))};
import { TSX, tsxArgs } from "@/tests/helpers/tsx";
      const db = new SqliteDb(${JSON.stringify(file)});
      setTimeout(async () => { await db.close(); process.stdout.write("after close"); }, 300);
    `;
    const entry = path.join(dir, "close-script.ts");
    writeFileSync(entry, script);
    const out = execFileSync(TSX, tsxArgs(entry), { encoding: "utf8", timeout: 30_000 });
    expect(out).toContain("after close");
  });
});
