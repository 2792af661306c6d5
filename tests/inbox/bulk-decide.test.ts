// Bulk approve: each selected task is decided through the same path as a single decision and answers
// on its own; tasks whose approval step does not allow bulk, tasks claimed by someone else and tasks
// the caller may not decide are refused without stopping the others.
import { beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { bulkDecide, bulkDecideBody } from "@/lib/inbox/bulk-decide";
import { claimBody, claimTask } from "@/lib/inbox/claim-task";
import { listTasks } from "@/lib/inbox/list-tasks";
import { principalOf } from "@/lib/inbox/task-access";
import { taskListQuery } from "@/lib/inbox/task-list-params";
import { addUser, parkedTask } from "./helpers";
import { useEngine } from "@/tests/engine/helpers/fixture";

describeEachDb("bulk approve", (dialect) => {
  const { h } = useEngine(dialect);
  let bob: Awaited<ReturnType<typeof addUser>>;

  beforeAll(async () => {
    await addUser(h.db, "alice", "reviewer");
    bob = await addUser(h.db, "bob", "reviewer");
    await addUser(h.db, "starter", "reviewer");
  });

  it("approves the allowed tasks and refuses the others, each with its own answer", async () => {
    const bulk = { assignees: { users: [], roles: ["reviewer"] }, allowBulk: true };
    const a = await parkedTask(h, bulk);
    const b = await parkedTask(h, bulk);
    const single = await parkedTask(h, { assignees: { users: [], roles: ["reviewer"] } });
    const claimed = await parkedTask(h, bulk);
    await claimTask(h.db.sql, claimed.task.id, bob, claimBody.parse({}));
    const own = await parkedTask(h, bulk, { initiatorId: "alice" });

    // the inbox list says which rows may be selected for bulk approval
    const now = await h.db.sql.now();
    const listed = await listTasks(h.db.sql, now, principalOf({ id: "alice", role: "reviewer" }), taskListQuery.parse({}));
    const bulkOf = new Map(listed.tasks.map((t) => [t.id, t.allowBulk]));
    expect([a, b, single].map((x) => bulkOf.get(x.task.id))).toEqual([true, true, false]);

    const ids = [a.task.id, single.task.id, claimed.task.id, b.task.id, own.task.id, "missing"];
    const results = await bulkDecide(
      h.db.sql,
      h.deps,
      { id: "alice", roles: ["reviewer"] },
      bulkDecideBody.parse({ taskIds: ids, decision: "approve", comment: "batch" }),
    );
    expect(results.map((r) => [r.taskId, r.ok, r.code ?? null])).toEqual([
      [a.task.id, true, null],
      [single.task.id, false, "bulk_not_allowed"],
      [claimed.task.id, false, "task_claimed"],
      [b.task.id, true, null],
      [own.task.id, false, "forbidden"],
      ["missing", false, "not_found"],
    ]);
    for (const r of results.filter((x) => !x.ok)) expect(r.message).toBeTruthy();
    expect(await h.waitFor(a.runId, ["succeeded", "failed"])).toBe("succeeded");
    expect(await h.waitFor(b.runId, ["succeeded", "failed"])).toBe("succeeded");
    expect((await h.store.getTask(single.task.id))!.status).toBe("open");
    expect((await h.store.getTask(claimed.task.id))!.status).toBe("open");

    // the same task twice is decided once; a second bulk call answers per task
    const again = await bulkDecide(
      h.db.sql,
      h.deps,
      { id: "alice", roles: ["reviewer"] },
      bulkDecideBody.parse({ taskIds: [a.task.id, a.task.id], decision: "approve" }),
    );
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ ok: false, code: "task_closed" });
  });

  it("the body takes at most 100 tasks and only approvals", () => {
    expect(bulkDecideBody.safeParse({ taskIds: Array.from({ length: 101 }, (_, i) => `t${i}`), decision: "approve" }).success).toBe(false);
    expect(bulkDecideBody.safeParse({ taskIds: ["t"], decision: "reject" }).success).toBe(false);
    expect(bulkDecideBody.safeParse({ taskIds: [], decision: "approve" }).success).toBe(false);
  });
});
