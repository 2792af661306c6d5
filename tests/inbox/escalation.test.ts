// Escalation chains driven by the database clock: time moves by writing Task.dueAtMs into the past
// (never by sleeping); the inbox sweep escalates; past the last step the engine routes to timeout.
import { beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { expireTimers } from "@/tests/engine/helpers/engine";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { decideTask } from "@/lib/engine/run-service";
import { ForbiddenError } from "@/lib/engine/errors";
import { InboxSweeper } from "@/lib/inbox/inbox-sweep";
import { escalateDueTasks } from "@/lib/inbox/escalation";
import { listNotifications } from "@/lib/db/notification-store";
import { verifyChain } from "@/lib/db/audit-store";
import { addUser, count, makeDue, parkedTask } from "./helpers";

const HOUR = 3_600_000;

describeEachDb("escalation chain", (dialect) => {
  const { h } = useEngine(dialect);
  let sweeper: InboxSweeper;

  beforeAll(async () => {
    sweeper = new InboxSweeper(h.db.sql, { newTaskIntervalMs: 0, escalationIntervalMs: 0, onEscalated: () => h.notifier.notify() });
    await addUser(h.db, "alice", "reviewer");
    await addUser(h.db, "bob", "reviewer");
    await addUser(h.db, "root", "admin");
    await addUser(h.db, "starter", "reviewer");
  });

  const chainConfig = {
    assignees: { users: ["alice"], roles: [] },
    dueInMs: HOUR,
    escalation: [
      { to: { type: "user", id: "bob" }, afterMs: 2 * HOUR },
      { to: { type: "role", id: "admin" }, afterMs: 3 * HOUR },
    ],
  };

  /** Wait until the worker has looked at the run again and parked it until `dueAtMs`. */
  async function parkedUntil(runId: string, dueAtMs: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const run = await h.store.getRun(runId);
      if (run?.status === "waiting" && run.leaseOwner === null && run.readyAtMs === dueAtMs) return;
      if (Date.now() > deadline) throw new Error(`run ${runId}: ${JSON.stringify(run)} not parked until ${dueAtMs}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it("reassigns along the chain when due passes, then routes down timeout after the last step", async () => {
    const { runId, task } = await parkedTask(h, chainConfig, { initiatorId: "starter" });
    await sweeper.run();
    expect((await listNotifications(h.db.sql, "alice", { limit: 10, unreadOnly: true })).notifications).toEqual([
      expect.objectContaining({ type: "task.new", taskId: task.id }),
    ]);
    // the initiator is never asked to decide their own run
    expect((await listNotifications(h.db.sql, "starter", { limit: 10, unreadOnly: false })).notifications).toHaveLength(0);

    // not due yet: nothing happens
    expect((await escalateDueTasks(h.db.sql)).escalated).toEqual([]);

    // step 1: alice → bob
    await makeDue(h.db, task.id);
    const t0 = await h.db.sql.now();
    await sweeper.run();
    let t = (await h.store.getTask(task.id))!;
    expect(t).toMatchObject({ status: "open", escalationLevel: 1, version: 1, assignees: [{ type: "user", value: "bob" }] });
    expect(t.dueAtMs! - t0).toBeGreaterThanOrEqual(2 * HOUR);
    expect(t.dueAtMs! - t0).toBeLessThan(2 * HOUR + 60_000);
    const step = (await h.store.getSteps(runId)).find((s) => s.stepKey === "ap")!;
    expect(step).toMatchObject({ status: "waiting", wakeAtMs: t.dueAtMs });
    await parkedUntil(runId, t.dueAtMs!);
    await expect(
      decideTask(h.deps, { taskId: task.id, userId: "alice", userRoles: ["reviewer"], decision: "approve" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listNotifications(h.db.sql, "bob", { limit: 10, unreadOnly: true })).notifications).toEqual([
      expect.objectContaining({ type: "task.reassigned", taskId: task.id }),
    ]);
    expect((await listNotifications(h.db.sql, "alice", { limit: 10, unreadOnly: true })).notifications.map((n) => n.type)).toEqual([
      "task.overdue",
      "task.new",
    ]);

    // step 2: bob → role admin
    await makeDue(h.db, task.id);
    await sweeper.run();
    t = (await h.store.getTask(task.id))!;
    expect(t).toMatchObject({ status: "open", escalationLevel: 2, version: 2, assignees: [{ type: "role", value: "admin" }] });
    await parkedUntil(runId, t.dueAtMs!);
    expect((await listNotifications(h.db.sql, "root", { limit: 10, unreadOnly: true })).notifications).toEqual([
      expect.objectContaining({ type: "task.reassigned", title: 'Escalated to Admins: "Review" is overdue' }),
    ]);

    // past the last step: the sweep only tells the admins; the engine routes down timeout
    await makeDue(h.db, task.id);
    expect((await escalateDueTasks(h.db.sql)).escalated).toEqual([]);
    await sweeper.run();
    expect((await h.store.getTask(task.id))!).toMatchObject({ status: "open", escalationLevel: 2 });
    expect((await listNotifications(h.db.sql, "root", { limit: 10, unreadOnly: true })).notifications.map((n) => n.title)).toEqual([
      'Overdue: "Review" got no decision in time',
      'Escalated to Admins: "Review" is overdue',
    ]);
    await expireTimers(h, runId);
    await h.waitFor(runId, ["succeeded"]);
    expect((await h.store.getRun(runId))!.output).toEqual({ late: true });
    expect((await h.store.getTask(task.id))!.status).toBe("timed_out");

    // the record: two escalation comments, events and audit entries with the diff and payload hash
    const comments = await h.db.sql.all<{ kind: string; body: string }>(
      `SELECT "kind","body" FROM "TaskComment" WHERE "taskId"=? ORDER BY "atMs"`,
      [task.id],
    );
    expect(comments.map((c) => c.kind)).toEqual(["escalation", "escalation"]);
    expect(comments[0].body).toMatch(/^Escalated to Bob: No decision by the due time; escalation step 1 of 2/);
    const audit = await h.db.sql.all<{ actorId: string | null; actorType: string; data: string }>(
      `SELECT "actorId","actorType","data" FROM "AuditEvent" WHERE "action"='task.escalated' AND "targetId"=? ORDER BY "id"`,
      [task.id],
    );
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorId: null, actorType: "system" });
    expect(JSON.parse(audit[1].data)).toMatchObject({
      level: 2,
      versionId: task.versionId,
      version: 1,
      diff: { assignees: { from: [{ type: "user", id: "bob" }], to: [{ type: "role", id: "admin" }] } },
      payloadHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await h.store.getEvents(runId)).filter((e) => e.type === "task.escalated")).toHaveLength(2);
    expect((await verifyChain(h.db.sql)).ok).toBe(true);
  });

  it("concurrent sweeps escalate a due task exactly once", async () => {
    const { task } = await parkedTask(h, chainConfig, { initiatorId: "starter" });
    await makeDue(h.db, task.id);
    const others = [1, 2, 3, 4].map(() => new InboxSweeper(h.db.sql, { newTaskIntervalMs: 0, escalationIntervalMs: 0 }));
    await Promise.all([sweeper.run(), ...others.map((s) => s.run())]);
    expect((await h.store.getTask(task.id))!).toMatchObject({ escalationLevel: 1, version: 1 });
    expect(await count(h.db, `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action"='task.escalated' AND "targetId"=?`, [task.id])).toBe(1);
    expect(await count(h.db, `SELECT COUNT(*) AS n FROM "Notification" WHERE "taskId"=? AND "type"='task.new'`, [task.id])).toBe(1);
  });

  it("a decision before the due time ends the chain; a task without a chain simply times out", async () => {
    const decided = await parkedTask(h, chainConfig, { initiatorId: "starter" });
    await decideTask(h.deps, { taskId: decided.task.id, userId: "alice", userRoles: ["reviewer"], decision: "approve" });
    await h.waitFor(decided.runId, ["succeeded"]);
    await makeDue(h.db, decided.task.id);
    expect((await escalateDueTasks(h.db.sql)).escalated).toEqual([]);

    const plain = await parkedTask(h, { assignees: { users: ["alice"], roles: [] }, dueInMs: HOUR }, { initiatorId: "starter" });
    await makeDue(h.db, plain.task.id);
    expect((await escalateDueTasks(h.db.sql)).escalated).toEqual([]);
    await expireTimers(h, plain.runId);
    await h.waitFor(plain.runId, ["succeeded"]);
    expect((await h.store.getRun(plain.runId))!.output).toEqual({ late: true });
  });
});

describeEachDb("escalation by the worker's own sweep (beforeClaim hook)", (dialect) => {
  let ready = false; // the worker may claim before the fixture has handed out the harness
  const { h } = useEngine(dialect, {
    // the sweep runs before every claim, as in the embedded worker and `npm run worker`
    beforeClaim: async () => {
      if (ready) await new InboxSweeper(h.db.sql, { escalationIntervalMs: 0, newTaskIntervalMs: 0 }).run();
    },
  });

  beforeAll(async () => {
    ready = true;
    await addUser(h.db, "alice", "reviewer");
    await addUser(h.db, "bob", "reviewer");
  });

  it("when the due time passes the worker escalates before it resumes the approval, then times out after the chain", async () => {
    const { runId, task } = await parkedTask(h, {
      assignees: { users: ["alice"], roles: [] },
      dueInMs: HOUR,
      escalation: [{ to: { type: "user", id: "bob" }, afterMs: HOUR }],
    });
    // the database clock passes the due time: task, parked step and run all become due
    await expireTimers(h, runId);
    const deadline = Date.now() + 10_000;
    let t = (await h.store.getTask(task.id))!;
    while (t.escalationLevel === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      t = (await h.store.getTask(task.id))!;
    }
    expect(t).toMatchObject({ status: "open", escalationLevel: 1, assignees: [{ type: "user", value: "bob" }] });
    expect(t.dueAtMs!).toBeGreaterThan(await h.db.sql.now());
    expect((await h.store.getRun(runId))!.status).toBe("waiting");

    // past the last step: timeout
    await expireTimers(h, runId);
    await h.waitFor(runId, ["succeeded"]);
    expect((await h.store.getRun(runId))!.output).toEqual({ late: true });
    expect((await h.store.getTask(task.id))!.status).toBe("timed_out");
  });
});
