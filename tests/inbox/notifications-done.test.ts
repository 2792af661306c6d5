import { beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { cancelRun, decideTask } from "@/lib/engine/run-service";
import { reassignBody, reassignTask } from "@/lib/inbox/reassign-task";
import { listNotifications, writeNotifications } from "@/lib/db/notification-store";
import { addUser, parkedTask } from "./helpers";
import { useEngine } from "@/tests/engine/helpers/fixture";

// A task that is decided, cancelled or handed to someone else leaves no unread notification behind,
// for any recipient (the bell used to count 6–8 while the inbox was empty).
describeEachDb("task notifications are done when the task is", (dialect) => {
  const { h } = useEngine(dialect);
  let alice: Awaited<ReturnType<typeof addUser>>;

  beforeAll(async () => {
    alice = await addUser(h.db, "alice", "reviewer");
    await addUser(h.db, "bob", "reviewer");
    await addUser(h.db, "carol", "reviewer");
    await addUser(h.db, "starter", "designer");
  });

  async function notifyAll(taskId: string) {
    await h.db.sql.tx((q) =>
      writeNotifications(
        q,
        { key: `new:${taskId}`, type: "task.new", title: "Please review", taskId },
        ["alice", "bob", "carol"].map((id) => ({ id, name: id, email: `${id}@example.com` })),
        Date.now(),
      ),
    );
  }
  const unread = async (userId: string) => (await listNotifications(h.db.sql, userId, { limit: 50, unreadOnly: true })).notifications;

  it("decided: unread for nobody, including the reviewers who did not decide", async () => {
    const { task } = await parkedTask(h, { assignees: { users: ["alice", "bob", "carol"], roles: [] } });
    await notifyAll(task.id);
    expect(await unread("bob")).toHaveLength(1);
    await decideTask(h.deps, { taskId: task.id, userId: "alice", userRoles: ["reviewer"], decision: "approve" });
    for (const u of ["alice", "bob", "carol"]) expect((await unread(u)).filter((n) => n.taskId === task.id)).toEqual([]);
  });

  it("cancelled with its run: unread for nobody", async () => {
    const { task, runId } = await parkedTask(h, { assignees: { users: ["alice", "bob"], roles: [] } });
    await notifyAll(task.id);
    await cancelRun(h.deps, { runId, userId: null, reason: "no longer needed" });
    for (const u of ["alice", "bob", "carol"]) expect((await unread(u)).filter((n) => n.taskId === task.id)).toEqual([]);
  });

  it("reassigned: the old notifications are done, the new assignee has one fresh unread", async () => {
    const { task } = await parkedTask(h, { assignees: { users: ["alice", "bob"], roles: [] } });
    await notifyAll(task.id);
    await reassignTask(h.db.sql, task.id, alice, reassignBody.parse({ to: { type: "user", id: "carol" }, note: "Carol owns this" }));
    expect((await unread("bob")).filter((n) => n.taskId === task.id)).toEqual([]);
    const carols = (await unread("carol")).filter((n) => n.taskId === task.id);
    expect(carols.map((n) => n.type)).toEqual(["task.reassigned"]);
  });
});
