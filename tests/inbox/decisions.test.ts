// Decisions as the inbox makes them (POST /api/v1/tasks/:id/decide → the engine's decideTask):
// concurrency, quorum with an edit, what the audit record holds, and bad input that must change nothing.
import { beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { decideTask } from "@/lib/engine/run-service";
import { ConflictError } from "@/lib/engine/errors";
import { getTaskDetail } from "@/lib/inbox/task-detail";
import { addUser, count, parkedTask } from "./helpers";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { personalDigest } from "@/lib/governance/subject-hash";

const editable = { type: "object", properties: { amount: { type: "integer", minimum: 0, maximum: 500 } } };

describeEachDb("inbox decisions", (dialect) => {
  const { h } = useEngine(dialect);
  let alice: Awaited<ReturnType<typeof addUser>>;

  beforeAll(async () => {
    alice = await addUser(h.db, "alice", "reviewer");
    await addUser(h.db, "bob", "reviewer");
    await addUser(h.db, "starter", "designer");
  });

  async function state(taskId: string) {
    const t = (await h.store.getTask(taskId))!;
    return {
      status: t.status,
      version: t.version,
      decisions: await count(h.db, `SELECT COUNT(*) AS n FROM "Decision" WHERE "taskId"=?`, [taskId]),
      audit: await count(h.db, `SELECT COUNT(*) AS n FROM "AuditEvent"`),
      events: await count(h.db, `SELECT COUNT(*) AS n FROM "RunEvent" WHERE "runId"=?`, [t.runId]),
    };
  }

  it("20 concurrent decisions: exactly one wins, the others get a clear conflict", async () => {
    const { task, runId } = await parkedTask(h, {});
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        decideTask(h.deps, {
          taskId: task.id,
          userId: `rev${i}`,
          userRoles: ["reviewer"],
          decision: i % 2 ? "reject" : "approve",
          comment: "c",
          expectedVersion: 0,
        }),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const e of lost) {
      expect(e).toBeInstanceOf(ConflictError);
      expect((e as ConflictError).message).toMatch(/changed|already/);
    }
    expect(await count(h.db, `SELECT COUNT(*) AS n FROM "Decision" WHERE "taskId"=?`, [task.id])).toBe(1);
    await h.waitFor(runId, ["succeeded"]);
    const detail = await getTaskDetail(h.db.sql, await h.db.sql.now(), task.id, alice);
    expect(detail.decisions).toHaveLength(1);
    expect(detail.permissions).toMatchObject({ canDecide: false, blockedBy: "closed", canReassign: false });
  });

  it("quorum of two: an edit and an approval, each audited with the payload hash and its diff; the run gets the edited value", async () => {
    const { task, runId } = await parkedTask(
      h,
      { quorum: 2, editableSchema: editable },
      { initiatorId: "starter", input: { amount: 120, note: "ok" } },
    );
    const shown = await getTaskDetail(h.db.sql, await h.db.sql.now(), task.id, alice);
    expect(shown.permissions.canDecide).toBe(true);
    const first = await decideTask(h.deps, {
      taskId: task.id,
      userId: "alice",
      userRoles: ["reviewer"],
      decision: "approve",
      payload: { amount: 90, note: "ok" },
      comment: "trimmed",
      expectedVersion: shown.version,
    });
    expect(first.task.status).toBe("open");
    const again = await getTaskDetail(h.db.sql, await h.db.sql.now(), task.id, alice);
    expect(again.permissions).toMatchObject({ canDecide: false, blockedBy: "already_decided" });
    await decideTask(h.deps, {
      taskId: task.id,
      userId: "bob",
      userRoles: ["reviewer"],
      decision: "approve",
      expectedVersion: again.version,
    });
    await h.waitFor(runId, ["succeeded"]);
    expect((await h.store.getRun(runId))!.output).toMatchObject({
      decision: "approved",
      payload: { amount: 90, note: "ok" },
      decidedBy: ["alice", "bob"],
    });

    const audit = await h.db.sql.all<{ actorId: string; data: string }>(
      `SELECT "actorId","data" FROM "AuditEvent" WHERE "action"='task.decided' AND "targetId"=? ORDER BY "id"`,
      [task.id],
    );
    expect(audit.map((a) => a.actorId)).toEqual(["alice", "bob"]);
    const [a, b] = audit.map((x) => JSON.parse(x.data) as Record<string, unknown>);
    expect(a).toMatchObject({
      payloadHash: shown.payloadHash,
      versionId: task.versionId,
      diff: [{ path: "amount", from: personalDigest(120), to: personalDigest(90) }],
      commentHash: personalDigest("trimmed"),
    });
    expect(audit[0].data).not.toContain("trimmed");
    expect(b).toMatchObject({ payloadHash: shown.payloadHash, diff: null });
    const detail = await getTaskDetail(h.db.sql, await h.db.sql.now(), task.id, alice);
    expect(detail.decisions.map((d) => [d.userName, d.decision, d.diff])).toEqual([
      ["Alice", "approve", [{ path: "amount", from: 120, to: 90 }]],
      ["Bob", "approve", null],
    ]);
  });

  it("separation of duties: the initiator is refused, nothing changes", async () => {
    const { task } = await parkedTask(h, {}, { initiatorId: "alice" });
    const before = await state(task.id);
    await expect(
      decideTask(h.deps, { taskId: task.id, userId: "alice", userRoles: ["reviewer"], decision: "approve" }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await state(task.id)).toEqual(before);
    const detail = await getTaskDetail(h.db.sql, await h.db.sql.now(), task.id, alice);
    expect(detail.permissions).toMatchObject({ canDecide: false, blockedBy: "initiator" });
  });

  it("bad input gets a clear 4xx and changes nothing", async () => {
    const { task, runId } = await parkedTask(h, { editableSchema: editable }, { input: { amount: 120, note: "ok" } });
    const before = await state(task.id);
    const bad: [Record<string, unknown>, number, RegExp][] = [
      [{ payload: { amount: 120, note: "changed" } }, 422, /payload\.note: is not editable/],
      [{ payload: { amount: 9000, note: "ok" } }, 422, /payload\.amount/],
      [{ payload: { amount: "lots", note: "ok" } }, 422, /payload\.amount/],
      [{ payload: [1, 2] }, 422, /must be a JSON object/],
      [{ expectedVersion: 3 }, 409, /reload/],
    ];
    for (const [extra, status, message] of bad) {
      const err = await decideTask(h.deps, {
        taskId: task.id,
        userId: "alice",
        userRoles: ["reviewer"],
        decision: "approve",
        ...extra,
      }).catch((e: unknown) => e);
      expect(err, JSON.stringify(extra)).toMatchObject({ status });
      expect((err as Error).message).toMatch(message);
    }
    await expect(
      decideTask(h.deps, { taskId: "no-such-task", userId: "alice", userRoles: ["reviewer"], decision: "approve" }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await state(task.id)).toEqual(before);

    await decideTask(h.deps, { taskId: task.id, userId: "bob", userRoles: ["reviewer"], decision: "reject", comment: "wrong account" });
    await h.waitFor(runId, ["succeeded"]);
    const closed = await state(task.id);
    await expect(
      decideTask(h.deps, { taskId: task.id, userId: "alice", userRoles: ["reviewer"], decision: "approve" }),
    ).rejects.toMatchObject({ status: 409, code: "task_closed" });
    expect(await state(task.id)).toEqual(closed);
  });
  it("a rejection without a reason is a 422 and changes nothing", async () => {
    const { task } = await parkedTask(h, {});
    const before = await state(task.id);
    for (const comment of [undefined, "", "   "]) {
      await expect(
        decideTask(h.deps, { taskId: task.id, userId: "alice", userRoles: ["reviewer"], decision: "reject", comment }),
      ).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/^A reason is required to reject/) });
    }
    expect(await state(task.id)).toEqual(before);
  });
});
