import { afterEach, describe, expect, it } from "vitest";
import { migrate, NewerDatabaseError } from "@/lib/db/migrate";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";

describeEachDb("migrations", (dialect) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it("apply once, are idempotent, and keep data", async () => {
    db = await createTestDb(dialect);
    await db.prisma.setting.create({ data: { key: "k", value: '"v"' } });
    const again = await migrate(db.sql);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBeGreaterThan(0);
    expect(await db.prisma.setting.findUnique({ where: { key: "k" } })).toMatchObject({ value: '"v"' });
  });

  it("refuse a database migrated by newer code, with a clear message", async () => {
    db = await createTestDb(dialect);
    await db.sql.run(`INSERT INTO "_switchyard_migrations" ("name", "checksum", "appliedAt") VALUES (?, ?, ?)`, [
      "9999_future",
      "x",
      new Date().toISOString(),
    ]);
    await expect(migrate(db.sql)).rejects.toBeInstanceOf(NewerDatabaseError);
    await expect(migrate(db.sql)).rejects.toThrow(/newer version of Switchyard.*9999_future/);
  });
});

describe("describeEachDb", () => {
  it("runs PostgreSQL suites in CI", () => {
    if (process.env.CI === "true") expect(process.env.TEST_DATABASE_URL).toBeTruthy();
  });
});
