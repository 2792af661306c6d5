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
import { publish, transformChain } from "@/tests/engine/helpers/graph";

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
  it("0029 and 0032 rebuild the same Run indexes on a database migrated up to 0028, backfill the rollup once, and may run again", async () => {
    db = await createPostgresTestDb({ poolMax: 4 });
    const defs = async () =>
      (await db!.sql.all<{ d: string }>(`SELECT indexdef AS d FROM pg_indexes WHERE tablename IN ('Run', 'Step') ORDER BY indexname`)).map(
        (r) => r.d,
      );
    const before = await defs();
    const rollup = async () =>
      (
        await db!.sql.all<{ runs: number; cost: number }>(
          `SELECT COALESCE(SUM("runs"), 0)::int AS "runs", COALESCE(SUM("costUsd"), 0)::float8 AS "cost" FROM "RunRollup"`,
        )
      )[0];
    // back to 0028: the four indexes, the column and the two tables 0029 made, and 0032's forms of its indexes
    for (const n of [
      "Run_versionId_createdAt_idx",
      "Run_workflowId_status_createdAt_idx",
      "Run_test_createdAt_idx",
      "Run_rollup_backlog_idx",
    ])
      await db.sql.run(`DROP INDEX "${n}"`);
    await db.sql.run(`CREATE INDEX "Run_versionId_idx" ON "Run"("versionId")`);
    await db.sql.run(`ALTER TABLE "Run" DROP COLUMN "rolledUpAtMs"`);
    await db.sql.run(`DROP TABLE "RunRollup", "RunModelRollup"`);
    await db.sql.run(`DROP INDEX "Run_parentRunId_idx"`);
    await db.sql.run(`CREATE INDEX "Run_parentRunId_idx" ON "Run"("parentRunId")`);
    await db.sql.run(`CREATE INDEX "Run_finishedAtMs_idx" ON "Run"("finishedAtMs") WHERE "finishedAtMs" IS NOT NULL`);
    await db.sql.run(`CREATE INDEX "Step_wakeAtMs_idx" ON "Step"("wakeAtMs") WHERE "wakeAtMs" IS NOT NULL`);
    await db.sql.run(`DELETE FROM "_switchyard_migrations" WHERE "name" IN ('0029_history_rollup', '0032_run_index_writes')`);
    // history to backfill: two finished production runs, a finished test run and an active one
    const { workflowId, versionId } = await publish(db.sql, transformChain(1));
    const run = (id: string, status: string, cost: number, isTest = false) =>
      db!.sql.run(
        `INSERT INTO "Run" ("id","workflowId","versionId","status","input","costUsd","isTest","createdAt","startedAtMs","finishedAtMs") VALUES (?,?,?,?,'{}',?,?,now(),1000,?)`,
        [id, workflowId, versionId, status, cost, isTest, status === "running" ? null : 2000],
      );
    await run("r1", "succeeded", 1.5);
    await run("r2", "failed", 0.5);
    await run("r3", "succeeded", 9, true);
    await run("r4", "running", 4);

    expect((await migrate(db.sql)).applied).toEqual(["0029_history_rollup", "0032_run_index_writes"]);
    expect(await defs()).toEqual(before);
    expect(await rollup()).toEqual({ runs: 2, cost: 2 });
    const stamped = await db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" WHERE "rolledUpAtMs" = 0 ORDER BY "id"`);
    expect(stamped.map((r) => r.id)).toEqual(["r1", "r2", "r3"]);

    // an interrupted migration runs again from the top: the stamped runs are not added twice
    await db.sql.run(`DELETE FROM "_switchyard_migrations" WHERE "name" IN ('0029_history_rollup', '0032_run_index_writes')`);
    expect((await migrate(db.sql)).applied).toEqual(["0029_history_rollup", "0032_run_index_writes"]);
    expect(await defs()).toEqual(before);
    expect(await rollup()).toEqual({ runs: 2, cost: 2 });
  });
});
