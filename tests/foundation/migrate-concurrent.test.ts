// PostgreSQL migrations marked `-- switchyard:no-transaction` build their indexes CONCURRENTLY:
// outside a transaction, repairing an INVALID index an interrupted build left, and without blocking
// writes to the table while they build (lib/db/migrate.ts).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { createPostgresTestDb, describePostgres, type TestDatabase } from "@/tests/helpers/test-db";

const MARKER = "-- switchyard:no-transaction\n";
const BUILD = `CREATE INDEX CONCURRENTLY IF NOT EXISTS "Probe_x_idx" ON "Probe"("x");\n`;

describePostgres("concurrent index migrations", () => {
  let db: TestDatabase | undefined;
  let root: string | undefined;
  const clients: pg.Client[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.end().catch(() => undefined);
    await db?.drop();
    db = undefined;
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  /** A project root with the real PostgreSQL migrations and one more, 9001_probe, with `sql`. */
  function rootWith(sql: string): string {
    root ??= mkdtempSync(path.join(tmpdir(), "switchyard-migrate-"));
    const dir = path.join(root, "prisma/postgres/migrations");
    cpSync(path.resolve(__dirname, "../../prisma/postgres/migrations"), dir, { recursive: true });
    mkdirSync(path.join(dir, "9001_probe"), { recursive: true });
    writeFileSync(path.join(dir, "9001_probe/migration.sql"), sql);
    return root;
  }

  async function client(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: db!.url });
    await c.connect();
    clients.push(c);
    return c;
  }

  async function probeTable(): Promise<void> {
    await db!.sql.run(`CREATE TABLE "Probe" ("id" SERIAL PRIMARY KEY, "x" INTEGER NOT NULL)`);
    await db!.sql.run(`INSERT INTO "Probe" ("x") SELECT g FROM generate_series(1, 1000) g`);
  }

  /** A fresh database with the probe table, and a transaction that has written to it and stays open. */
  async function withOpenWriter(): Promise<pg.Client> {
    db = await createPostgresTestDb({ poolMax: 4 });
    await probeTable();
    const writer = await client();
    await writer.query(`BEGIN; INSERT INTO "Probe" ("x") VALUES (0)`);
    return writer;
  }

  /** An insert from another session that gives up after waiting `ms` for a lock. */
  async function insertWithin(ms: number): Promise<unknown> {
    const other = await client();
    await other.query(`SET lock_timeout = '${ms}ms'`);
    return other.query(`INSERT INTO "Probe" ("x") VALUES (-1)`);
  }

  async function indexValid(name: string): Promise<boolean | undefined> {
    const rows = await db!.sql.all<{ valid: boolean }>(`SELECT "indisvalid" AS "valid" FROM pg_index WHERE "indexrelid" = to_regclass(?)`, [
      `"${name}"`,
    ]);
    return rows[0]?.valid;
  }

  /** Resolves once a CREATE INDEX statement of this database waits for a lock. */
  async function buildWaiting(): Promise<void> {
    for (;;) {
      const rows = await db!.sql.all(
        `SELECT 1 FROM pg_stat_activity WHERE "datname" = current_database() AND "query" LIKE 'CREATE INDEX%' AND "wait_event_type" = 'Lock'`,
      );
      if (rows.length) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it("runs a marked migration outside a transaction, and refuses CONCURRENTLY without the marker or IF NOT EXISTS", async () => {
    db = await createPostgresTestDb({ poolMax: 4 });
    await probeTable();
    await expect(migrate(db.sql, rootWith(BUILD))).rejects.toThrow(/no-transaction marker/);
    await expect(migrate(db.sql, rootWith(MARKER + `CREATE INDEX CONCURRENTLY "Probe_x_idx" ON "Probe"("x");\n`))).rejects.toThrow(
      /IF NOT EXISTS/,
    );
    // inside a transaction PostgreSQL refuses CREATE INDEX CONCURRENTLY
    expect((await migrate(db.sql, rootWith(MARKER + BUILD))).applied).toEqual(["9001_probe"]);
    expect(await indexValid("Probe_x_idx")).toBe(true);
  });

  it("drops and builds again an INVALID index that an interrupted concurrent build left", async () => {
    // An open writer makes the build wait after it has created the index; the timeout interrupts it there.
    const writer = await withOpenWriter();
    const builder = await client();
    await builder.query(`SET statement_timeout = '300ms'`);
    await expect(builder.query(BUILD)).rejects.toThrow(/statement timeout/);
    await writer.query("COMMIT");
    expect(await indexValid("Probe_x_idx")).toBe(false);

    expect((await migrate(db!.sql, rootWith(MARKER + BUILD))).applied).toEqual(["9001_probe"]);
    expect(await indexValid("Probe_x_idx")).toBe(true);
  });

  it("lets writes to the table go on while the index builds", async () => {
    const writer = await withOpenWriter();
    const migrating = migrate(db!.sql, rootWith(MARKER + BUILD));
    await buildWaiting();
    // A plain CREATE INDEX would hold a SHARE lock for the whole build and this insert would time out.
    await insertWithin(500);
    await writer.query("COMMIT");
    expect((await migrating).applied).toEqual(["9001_probe"]);
    expect(await indexValid("Probe_x_idx")).toBe(true);
  });

  it("blocks writes with a plain CREATE INDEX in a transaction (what the marker avoids)", async () => {
    const writer = await withOpenWriter();
    const migrating = migrate(db!.sql, rootWith(`CREATE INDEX "Probe_x_idx" ON "Probe"("x");\n`));
    await buildWaiting();
    await expect(insertWithin(300)).rejects.toThrow(/lock timeout/);
    await writer.query("COMMIT");
    await migrating;
  });

  it("0028 builds the same indexes as before on a database migrated up to 0027, and may run again", async () => {
    db = await createPostgresTestDb({ poolMax: 4 });
    const names = ["EvalDatasetRow_subjectHash_idx", "AuditEvent_search_trgm_idx", "AuditEvent_atMs_id_idx"];
    const defs = async () =>
      (await db!.sql.all<{ d: string }>(`SELECT indexdef AS d FROM pg_indexes WHERE indexname IN (?, ?, ?) ORDER BY indexname`, names)).map(
        (r) => r.d,
      );
    const before = await defs();
    expect(before).toHaveLength(3);
    const back = async () => {
      await db!.sql.run(`DELETE FROM "_switchyard_migrations" WHERE "name" = '0028_audit_search_row_subject'`);
    };
    for (const n of names) await db.sql.run(`DROP INDEX "${n}"`);
    await db.sql.run(`ALTER TABLE "EvalDatasetRow" DROP COLUMN "subjectHash"`);
    await back();
    expect((await migrate(db.sql)).applied).toEqual(["0028_audit_search_row_subject"]);
    expect(await defs()).toEqual(before);
    await back();
    expect((await migrate(db.sql)).applied).toEqual(["0028_audit_search_row_subject"]);
    expect(await defs()).toEqual(before);
  });
});
