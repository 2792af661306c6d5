// Fresh, migrated databases for tests and benchmarks: a SQLite file in a temporary folder, or a new
// PostgreSQL database on the server TEST_DATABASE_URL points at (created here, dropped by drop()).
// No test-runner imports, so bench/*.ts can use it too.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";

export type Dialect = "sqlite" | "postgresql";

export interface TestDatabase extends Database {
  /** URL another process can open (crash tests, workers). */
  url: string;
  drop(): Promise<void>;
}

export async function createSqliteTestDb(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-test-"));
  const url = `file:${path.join(dir, "test.db")}`;
  const db = openDatabase(url);
  await migrate(db.sql);
  return {
    ...db,
    drop: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createPostgresTestDb(opts: { poolMax?: number } = {}): Promise<TestDatabase> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error("TEST_DATABASE_URL is not set");
  const name = `sy_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = withDatabase(admin, name);
  const db = openDatabase(url, { poolMax: opts.poolMax ?? 8 });
  await migrate(db.sql);
  return {
    ...db,
    url,
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export function createTestDb(dialect: Dialect, opts: { poolMax?: number } = {}): Promise<TestDatabase> {
  return dialect === "sqlite" ? createSqliteTestDb() : createPostgresTestDb(opts);
}
