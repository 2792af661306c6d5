import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDb, createTestDb, type TestDatabase } from "@/tests/helpers/test-db";
import { allowAuditMaintenance, appendAudit, verifyChain } from "@/lib/db/audit-store";

describeEachDb("audit hash chain", (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => db?.drop());

  it("links every event to the previous one, even under concurrent appends, and detects tampering", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.sql.tx((q) =>
          appendAudit(q, dialect, {
            atMs: 1000 + i,
            actorId: `u${i}`,
            action: "run.started",
            targetType: "run",
            targetId: `r${i}`,
            data: { i, nested: { b: 1, a: 2 } },
          }),
        ),
      ),
    );
    expect(await verifyChain(db.sql, 7)).toMatchObject({ ok: true, count: 20 });
    // tampering as a database administrator would (PostgreSQL refuses it without the maintenance switch)
    await db.sql.tx(async (q) => {
      await allowAuditMaintenance(q, dialect);
      await q.run(`UPDATE "AuditEvent" SET "data"=? WHERE "id"=(SELECT MIN("id") FROM "AuditEvent") + 5`, [JSON.stringify({ i: 999 })]);
    });
    const v = await verifyChain(db.sql);
    expect(v.ok).toBe(false);
    expect(v.count).toBe(5);
    expect(v.reason).toMatch(/hash does not match/);
  });
});
