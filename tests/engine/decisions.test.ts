import { expect, it } from "vitest";
import { personalDigest } from "@/lib/governance/subject-hash";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph, publish } from "./helpers/graph";
import { decideTask, startRun } from "@/lib/engine/run-service";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/engine/errors";
import { useEngine } from "./helpers/fixture";

describeEachDb("task decisions", (dialect) => {
  const { h } = useEngine(dialect);

  async function parked(extra: Record<string, unknown> = {}, initiatorId = "initiator") {
    const doc = graph()
      .start()
      .node({
        id: "ap",
        kind: "approval",
        config: { assignees: { users: ["alice"], roles: ["reviewer"] }, instructions: "ok?", payload: "$.input", ...extra },
      })
      .end("end", "$.steps.ap.output")
      .edge("start", "ap")
      .edge("ap", "end", "approved")
      .edge("ap", "end", "rejected")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const run = await startRun(h.deps, { versionId, input: { a: 1 }, initiatorId });
    await h.waitFor(run.id, ["waiting"]);
    const [task] = await h.store.getTasks(run.id);
    return { runId: run.id, task };
  }

  it("20 concurrent decisions on one task: exactly one wins, 19 get ConflictError", async () => {
    const { runId, task } = await parked();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        decideTask(h.deps, {
          taskId: task.id,
          userId: `rev${i}`,
          userRoles: ["reviewer"],
          decision: i % 2 ? "reject" : "approve",
          comment: "race",
        }),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const conflicts = results.filter((r) => r.status === "rejected" && r.reason instanceof ConflictError);
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(19);
    const decisions = await h.store.getDecisions(task.id);
    expect(decisions).toHaveLength(1);
    await h.waitFor(runId, ["succeeded"]);
    const events = (await h.store.getEvents(runId)).filter((e) => e.type === "task.decided");
    expect(events).toHaveLength(1);
  });

  it("checks reviewer rights, separation of duties and task version", async () => {
    const { task } = await parked({}, "alice");
    await expect(decideTask(h.deps, { taskId: task.id, userId: "bob", userRoles: ["viewer"], decision: "approve" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(decideTask(h.deps, { taskId: task.id, userId: "alice", userRoles: ["designer"], decision: "approve" })).rejects.toThrow(
      /Separation of duties/,
    );
    await expect(
      decideTask(h.deps, { taskId: task.id, userId: "carol", userRoles: ["reviewer"], decision: "approve", expectedVersion: 7 }),
    ).rejects.toBeInstanceOf(ConflictError);
    const admin = await decideTask(h.deps, {
      taskId: task.id,
      userId: "root",
      userRoles: ["admin"],
      decision: "reject",
      comment: "no",
      expectedVersion: 0,
    });
    expect(admin.task.status).toBe("rejected");
    expect(admin.task.result).toMatchObject({ decision: "rejected", comment: "no", decidedBy: ["root"] });
    expect(await h.store.getDecisions(task.id)).toHaveLength(1);
  });

  it("unknown task ids give NotFoundError and write nothing", async () => {
    const before = await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS n FROM "Decision"`);
    await expect(decideTask(h.deps, { taskId: "nope", userId: "x", userRoles: ["admin"], decision: "approve" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const after = await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS n FROM "Decision"`);
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });

  it("a decision is audited with who, payload hash, version seen, diff and comment", async () => {
    const { task } = await parked({ editableSchema: { type: "object", properties: { a: { type: "integer" } } } });
    await decideTask(h.deps, {
      taskId: task.id,
      userId: "alice",
      userRoles: ["reviewer"],
      decision: "approve",
      comment: "fine",
      payload: { a: 2 },
    });
    const rows = await h.db.sql.all<{ actorId: string; data: string }>(
      `SELECT "actorId","data" FROM "AuditEvent" WHERE "action"='task.decided' AND "targetId"=?`,
      [task.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].actorId).toBe("alice");
    // The chain keeps keyed digests of the comment and the edited values (personal data an erasure
    // must be able to remove from the Decision row while the chain stays verifiable), never the text.
    const data = JSON.parse(rows[0].data) as Record<string, unknown>;
    expect(data).toMatchObject({
      commentHash: personalDigest("fine"),
      versionId: task.versionId,
      diff: [{ path: "a", from: personalDigest(1), to: personalDigest(2) }],
      decision: "approve",
    });
    expect(rows[0].data).not.toContain('"fine"');
    expect(JSON.parse(rows[0].data).payloadHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
