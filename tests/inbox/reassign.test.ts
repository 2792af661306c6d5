import { beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { decideTask } from "@/lib/engine/run-service";
import { ForbiddenError } from "@/lib/engine/errors";
import { reassignBody, reassignTask } from "@/lib/inbox/reassign-task";
import { addTaskComment, commentBody } from "@/lib/inbox/task-comments";
import { getTaskDetail } from "@/lib/inbox/task-detail";
import { listNotifications } from "@/lib/db/notification-store";
import { verifyChain } from "@/lib/db/audit-store";
import { addUser, count, parkedTask } from "./helpers";
import { useEngine } from "@/tests/engine/helpers/fixture";

describeEachDb("task reassignment", (dialect) => {
  const { h } = useEngine(dialect);
  let alice: Awaited<ReturnType<typeof addUser>>;
  let bob: Awaited<ReturnType<typeof addUser>>;
  let carol: Awaited<ReturnType<typeof addUser>>;
  let root: Awaited<ReturnType<typeof addUser>>;
  let vic: Awaited<ReturnType<typeof addUser>>;

  beforeAll(async () => {
    alice = await addUser(h.db, "alice", "reviewer");
    bob = await addUser(h.db, "bob", "reviewer");
    carol = await addUser(h.db, "carol", "reviewer");
    root = await addUser(h.db, "root", "admin");
    vic = await addUser(h.db, "vic", "viewer");
    await addUser(h.db, "dana", "designer");
    await addUser(h.db, "gone", "reviewer", { disabled: true });
    await addUser(h.db, "starter", "reviewer");
  });

  const body = (to: { type: "user" | "role"; id: string }, note = "Out of office this week", extra: { expectedVersion?: number } = {}) =>
    reassignBody.parse({ to, note, ...extra });

  /** Everything a refused reassignment must leave untouched. */
  async function snapshot(taskId: string) {
    return {
      assignees: await h.db.sql.all(`SELECT "type","value" FROM "TaskAssignee" WHERE "taskId"=? ORDER BY "value"`, [taskId]),
      version: (await h.store.getTask(taskId))!.version,
      audit: await count(h.db, `SELECT COUNT(*) AS n FROM "AuditEvent"`),
      comments: await count(h.db, `SELECT COUNT(*) AS n FROM "TaskComment" WHERE "taskId"=?`, [taskId]),
      notifications: await count(h.db, `SELECT COUNT(*) AS n FROM "Notification"`),
    };
  }

  it("an assignee hands the task to another reviewer with a note: assignees, version, note, event, audit and notification", async () => {
    const { task, runId } = await parkedTask(h, { assignees: { users: ["alice"], roles: [] } });
    const r = await reassignTask(
      h.db.sql,
      task.id,
      alice,
      body({ type: "user", id: "bob" }, "Bob knows this customer", { expectedVersion: 0 }),
    );
    expect(r).toMatchObject({ version: 1, assignees: [{ type: "user", id: "bob", label: "Bob" }] });
    const after = (await h.store.getTask(task.id))!;
    expect(after.assignees).toEqual([{ type: "user", value: "bob" }]);
    expect(after.version).toBe(1);

    // rights follow the new assignment
    await expect(
      decideTask(h.deps, { taskId: task.id, userId: "alice", userRoles: ["reviewer"], decision: "approve" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const detail = await getTaskDetail(h.db.sql, await h.db.sql.now(), task.id, bob);
    expect(detail.permissions).toMatchObject({ canDecide: true, canReassign: true });
    expect(detail.comments).toEqual([
      expect.objectContaining({ kind: "reassign", userName: "Alice", body: "Reassigned to Bob: Bob knows this customer" }),
    ]);

    const audit = await h.db.sql.all<{ actorId: string; data: string }>(
      `SELECT "actorId","data" FROM "AuditEvent" WHERE "action"='task.reassigned' AND "targetId"=?`,
      [task.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBe("alice");
    const data = JSON.parse(audit[0].data) as Record<string, unknown>;
    expect(data).toMatchObject({
      runId,
      versionId: task.versionId,
      version: 1,
      taskVersion: 0,
      reason: "Bob knows this customer",
      diff: { assignees: { from: [{ type: "user", id: "alice" }], to: [{ type: "user", id: "bob" }] } },
    });
    expect(data.payloadHash).toBe(detail.payloadHash);
    expect((await verifyChain(h.db.sql)).ok).toBe(true);

    const events = (await h.store.getEvents(runId)).filter((e) => e.type === "task.reassigned");
    expect(events).toHaveLength(1);
    const bobs = await listNotifications(h.db.sql, "bob", { limit: 10, unreadOnly: true });
    expect(bobs.notifications).toEqual([
      expect.objectContaining({ type: "task.reassigned", taskId: task.id, title: 'Alice reassigned "Review" to you' }),
    ]);
    expect((await listNotifications(h.db.sql, "alice", { limit: 10, unreadOnly: false })).notifications).toHaveLength(0);

    // bob decides; the run continues
    await decideTask(h.deps, { taskId: task.id, userId: "bob", userRoles: ["reviewer"], decision: "approve" });
    await h.waitFor(runId, ["succeeded"]);
  });

  it("role assignees and admins may reassign; other reviewers and viewers may not (nothing changes)", async () => {
    const { task } = await parkedTask(h, { assignees: { users: [], roles: ["reviewer"] } });
    const other = await parkedTask(h, { assignees: { users: ["alice"], roles: [] } });
    const before = await snapshot(other.task.id);
    await expect(reassignTask(h.db.sql, other.task.id, bob, body({ type: "user", id: "carol" }))).rejects.toMatchObject({ status: 403 });
    await expect(reassignTask(h.db.sql, other.task.id, vic, body({ type: "user", id: "carol" }))).rejects.toMatchObject({ status: 403 });
    expect(await snapshot(other.task.id)).toEqual(before);

    await reassignTask(h.db.sql, task.id, carol, body({ type: "role", id: "admin" }));
    expect((await h.store.getTask(task.id))!.assignees).toEqual([{ type: "role", value: "admin" }]);
    await expect(reassignTask(h.db.sql, task.id, carol, body({ type: "user", id: "bob" }))).rejects.toMatchObject({ status: 403 });
    await reassignTask(h.db.sql, other.task.id, root, body({ type: "role", id: "reviewer" }, "Anyone can take it"));
    expect((await h.store.getTask(other.task.id))!.assignees).toEqual([{ type: "role", value: "reviewer" }]);
  });

  it("refuses targets that cannot decide, the run's initiator, stale versions, closed and unknown tasks — nothing changes", async () => {
    const { task } = await parkedTask(h, { assignees: { users: ["alice"], roles: [] } }, { initiatorId: "starter" });
    const before = await snapshot(task.id);
    const cases: [Parameters<typeof body>[0], number, string][] = [
      [{ type: "user", id: "vic" }, 422, "invalid_assignee"],
      [{ type: "user", id: "dana" }, 422, "invalid_assignee"],
      [{ type: "user", id: "gone" }, 422, "invalid_assignee"],
      [{ type: "user", id: "nobody" }, 422, "invalid_assignee"],
      [{ type: "role", id: "designer" }, 422, "invalid_assignee"],
      [{ type: "role", id: "wizard" }, 422, "invalid_assignee"],
      [{ type: "user", id: "starter" }, 422, "separation_of_duties"],
      [{ type: "user", id: "alice" }, 422, "already_assigned"],
    ];
    for (const [to, status, code] of cases) {
      await expect(reassignTask(h.db.sql, task.id, alice, body(to)), `${to.type}:${to.id}`).rejects.toMatchObject({ status, code });
    }
    await expect(
      reassignTask(h.db.sql, task.id, alice, body({ type: "user", id: "bob" }, "x", { expectedVersion: 5 })),
    ).rejects.toMatchObject({
      status: 409,
      code: "task_version_conflict",
    });
    expect(() => reassignBody.parse({ to: { type: "user", id: "bob" }, note: "  " })).toThrow(/note is required/);
    expect(() => reassignBody.parse({ to: { type: "group", id: "x" }, note: "n" })).toThrow();
    expect(await snapshot(task.id)).toEqual(before);

    await decideTask(h.deps, { taskId: task.id, userId: "alice", userRoles: ["reviewer"], decision: "approve" });
    await expect(reassignTask(h.db.sql, task.id, root, body({ type: "user", id: "bob" }))).rejects.toMatchObject({
      status: 409,
      code: "task_closed",
    });
    await expect(reassignTask(h.db.sql, "no-such-task", root, body({ type: "user", id: "bob" }))).rejects.toMatchObject({ status: 404 });
  });

  it("comments are stored, evented and audited; empty comments are refused", async () => {
    const { task, runId } = await parkedTask(h, { assignees: { users: ["alice"], roles: [] } });
    const c = await addTaskComment(h.db.sql, task.id, { userId: "alice", name: "Alice" }, "Checked with finance");
    expect(c).toMatchObject({ kind: "comment", userName: "Alice", body: "Checked with finance" });
    expect((await getTaskDetail(h.db.sql, await h.db.sql.now(), task.id, alice)).comments.map((x) => x.body)).toEqual([
      "Checked with finance",
    ]);
    expect((await h.store.getEvents(runId)).some((e) => e.type === "task.commented")).toBe(true);
    expect(await count(h.db, `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action"='task.commented' AND "targetId"=?`, [task.id])).toBe(1);
    expect(() => commentBody.parse({ body: "   " })).toThrow(/Write a comment/);
    await expect(addTaskComment(h.db.sql, "no-such-task", { userId: "alice", name: "Alice" }, "hi")).rejects.toMatchObject({ status: 404 });
  });
});
