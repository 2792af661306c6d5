// The audit trail page's read model on real databases: newest first, capped, each user actor with
// their email, system actors and deleted users without one.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";
import { appendAudit } from "@/lib/db/audit-store";
import { listRecentAudit } from "@/lib/db/audit-read";

describeEachDb("audit read model", (dialect) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    await db.prisma.user.create({ data: { id: "u-ann", name: "Ann", email: "ann@x.test", role: "admin" } });
    const rows = [
      { actorId: "u-ann", actorType: "user" as const, action: "run.started", targetId: "run-1" },
      { actorId: null, actorType: "system" as const, action: "task.timed_out", targetId: "task-1" },
      { actorId: "u-gone", actorType: "user" as const, action: "run.cancelled", targetId: "run-1" },
      { actorId: "u-ann", actorType: "api_key" as const, action: "task.decided", targetId: "task-2" },
    ];
    for (const [i, r] of rows.entries()) {
      await db.sql.tx((q) => appendAudit(q, db.dialect, { atMs: 1_000 + i, targetType: "run", ...r }));
    }
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("lists the newest events first with the actor's email when the actor is a known user", async () => {
    const all = await listRecentAudit(db.sql, 200);
    expect(all.map((e) => e.action)).toEqual(["task.decided", "run.cancelled", "task.timed_out", "run.started"]);
    expect(all.map((e) => e.actorEmail)).toEqual(["ann@x.test", null, null, "ann@x.test"]);
    expect(all[2]).toMatchObject({ actorId: null, actorType: "system", targetType: "run", targetId: "task-1", atMs: 1_001 });
    expect(all.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    expect(new Set(all.map((e) => e.hash)).size).toBe(4);
  });

  it("returns at most `limit` events, the newest ones", async () => {
    const two = await listRecentAudit(db.sql, 2);
    expect(two.map((e) => e.action)).toEqual(["task.decided", "run.cancelled"]);
    expect(two[0].id).toBeGreaterThan(two[1].id);
  });
});
