// The data inventory (lib/governance/data-inventory.ts) names every table the live schema has, on
// both databases: a table added without saying what retention and erasure do to it fails here. The
// SQLite search index's tables are AuditEvent's, derived (DERIVED_TABLES).
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDb, createTestDb, type TestDatabase } from "@/tests/helpers/test-db";
import { BOOKKEEPING_TABLES, DATA_INVENTORY, DERIVED_TABLES } from "@/lib/governance/data-inventory";
import { listTables } from "./helpers";

describeEachDb("data inventory", (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("classifies every table of the migrated schema, and only those", async () => {
    const live = (await listTables(db.sql)).filter((t) => !BOOKKEEPING_TABLES.includes(t) && !DERIVED_TABLES.includes(t));
    expect(live.length).toBeGreaterThan(30);
    expect(live).toEqual(Object.keys(DATA_INVENTORY).sort());
  });
});
