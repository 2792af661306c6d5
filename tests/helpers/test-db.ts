// Real databases for integration tests: a fresh SQLite file per suite, and a fresh PostgreSQL
// database (created and dropped here) whenever TEST_DATABASE_URL is set. Under CI=true a missing or
// unreachable PostgreSQL fails the run instead of skipping.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe } from "vitest";
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

export async function createPostgresTestDb(): Promise<TestDatabase> {
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
  const db = openDatabase(url, { poolMax: 8 });
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

export function postgresEnabled(): boolean {
  if (process.env.TEST_DATABASE_URL) return true;
  if (process.env.CI === "true") {
    throw new Error("CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suites must run in CI.");
  }
  return false;
}

export const dialects = (): Dialect[] => (postgresEnabled() ? ["sqlite", "postgresql"] : ["sqlite"]);

export function createTestDb(dialect: Dialect): Promise<TestDatabase> {
  return dialect === "sqlite" ? createSqliteTestDb() : createPostgresTestDb();
}

/**
 * Declares the suite once per available database. Without TEST_DATABASE_URL (and not in CI) the
 * PostgreSQL variant is reported as skipped with its reason, never silently dropped.
 */
export function describeEachDb(title: string, body: (dialect: Dialect) => void): void {
  for (const dialect of dialects()) describe(`${title} [${dialect}]`, () => body(dialect));
  if (!postgresEnabled()) {
    describe.skip(`${title} [postgresql] — skipped: set TEST_DATABASE_URL to run it`, () => body("postgresql"));
  }
}
