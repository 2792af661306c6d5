// Real databases for integration tests: a fresh SQLite file per suite, and a fresh PostgreSQL
// database (created and dropped here) whenever TEST_DATABASE_URL is set. Under CI=true a missing or
// unreachable PostgreSQL fails the run instead of skipping.
import { describe } from "vitest";
import type { Dialect } from "./fresh-db";

export { createPostgresTestDb, createSqliteTestDb, createTestDb, type Dialect, type TestDatabase } from "./fresh-db";

export function postgresEnabled(): boolean {
  if (process.env.TEST_DATABASE_URL) return true;
  if (process.env.CI === "true") {
    throw new Error("CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suites must run in CI.");
  }
  return false;
}

export const dialects = (): Dialect[] => (postgresEnabled() ? ["sqlite", "postgresql"] : ["sqlite"]);

/**
 * Declares the suite once per available database. Without TEST_DATABASE_URL (and not in CI) the
 * PostgreSQL variant is reported as skipped with its reason, never silently dropped.
 */
export function describeEachDb(title: string, body: (dialect: Dialect) => void): void {
  for (const dialect of dialects()) describe(`${title} [${dialect}]`, () => body(dialect));
  if (!postgresEnabled()) describePostgres(title, () => body("postgresql"));
}

/**
 * A PostgreSQL-only suite ("<title> [postgresql]"). Without TEST_DATABASE_URL (and not in CI) it is
 * reported as skipped with its reason in its name, never silently dropped.
 */
export function describePostgres(title: string, body: () => void): void {
  if (postgresEnabled()) describe(`${title} [postgresql]`, body);
  else describe.skip(`${title} [postgresql] — skipped: set TEST_DATABASE_URL to run it`, body);
}
