// An effect may park its step on a child run (a workflow used as an agent tool) and continue the
// same attempt with the child's outcome.
import { beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { withAgentRuntime, type AgentRuntime } from "@/lib/engine/executors/agent-runtime";
import { decideTask, getRun, startRun } from "@/lib/engine/run-service";
import { retryFailedSteps } from "@/lib/engine/retry-failed";
import type { ExecutorContext } from "@/lib/engine/ports";
import { graph, publish, singleAgentGraph } from "./helpers/graph";
import { useEngine } from "./helpers/fixture";

describeEachDb("effects parking on child runs", (dialect) => {
  const { h } = useEngine(dialect, { startWorker: false });
  let childWorkflowId = "";
  const seen: { attempt: number; children: { parentStepKey: string; status: string; output: unknown }[] }[] = [];
  const runtime: AgentRuntime = {
    run: async (_node, _prepared, ctx: ExecutorContext) => {
      seen.push({
        attempt: ctx.attempt,
        children: ctx.children.map((c) => ({ parentStepKey: c.parentStepKey, status: c.status, output: c.output })),
      });
      if (ctx.children.length === 0) {
        const v = await ctx.resolveVersion!(childWorkflowId, "latest");
        return { park: { key: "tool-lookup", child: { workflowId: childWorkflowId, versionId: v!.id, input: { n: 21 } } } };
      }
      return { output: { fromChild: ctx.children[0].output, childStatus: ctx.children[0].status }, handle: "ok" };
    },
  };

  beforeAll(async () => {
    await withAgentRuntime(runtime, () => h.worker.start({ register: false }));
    const child = await publish(
      h.db.sql,
      graph().start().transform("t", "$.input.n * 2").end("end", "$.steps.t.output").chain("start", "t", "end").build(),
    );
    childWorkflowId = child.workflowId;
  });

  it("starts the child, waits without a worker, and resumes the same attempt with its output", async () => {
    const doc = singleAgentGraph();
    const { versionId } = await publish(h.db.sql, doc);
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: "u1" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect((await getRun(h.deps, run.id)).run.output).toEqual({ fromChild: 42, childStatus: "succeeded" });
    const kids = await h.db.sql.all<{ parentStepKey: string; status: string; depth: number }>(
      `SELECT "parentStepKey","status","depth" FROM "Run" WHERE "parentRunId"=?`,
      [run.id],
    );
    expect(kids).toEqual([{ parentStepKey: "agent~tool-lookup", status: "succeeded", depth: 1 }]);
    expect(seen.map((s) => s.attempt)).toEqual([1, 1]);
    expect(seen[1].children).toEqual([{ parentStepKey: "agent~tool-lookup", status: "succeeded", output: 42 }]);
  });

  it("retry in place after a failure cancelled the child: the step starts a fresh child instead of reading the cancelled one", async () => {
    const slow = await publish(
      h.db.sql,
      graph()
        .start()
        .node({
          id: "wait",
          kind: "approval",
          config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "ok?", payload: "$", separationOfDuties: false },
        })
        .transform("t", "$.input.n * 2")
        .end("end", "$.steps.t.output")
        .edge("start", "wait")
        .edge("wait", "t", "approved")
        .edge("t", "end")
        .build(),
    );
    const previous = childWorkflowId;
    childWorkflowId = slow.workflowId;
    try {
      const doc = graph()
        .start()
        .agent("agent")
        .node({
          id: "gate",
          kind: "approval",
          config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "go?", payload: "$", separationOfDuties: false },
        })
        .transform("boom", "$.input.fail ? $error('broken branch') : 1")
        .node({ id: "j", kind: "join", config: { mode: "all" } })
        .end("end", "$.steps.agent.output")
        .edge("start", "agent")
        .edge("start", "gate")
        .edge("gate", "boom", "approved")
        .edge("agent", "j", "ok")
        .edge("boom", "j")
        .edge("j", "end")
        .build();
      const { versionId } = await publish(h.db.sql, doc);
      const run = await startRun(h.deps, { versionId, input: { fail: true }, initiatorId: "u1" });
      // The agent has started its child (which waits on its own approval) before the other branch fails.
      const child = await (async () => {
        for (;;) {
          const rows = await h.db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" WHERE "parentRunId"=?`, [run.id]);
          if (rows[0]) return rows[0].id;
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      await h.waitFor(child, ["waiting"]);
      const gate = (await h.store.getTasks(run.id)).find((t) => t.stepKey === "gate")!;
      await decideTask(h.deps, { taskId: gate.id, userId: "rev", userRoles: ["reviewer"], decision: "approve" });
      expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("failed");
      const kids = await h.db.sql.all<{ status: string }>(`SELECT "status" FROM "Run" WHERE "parentRunId"=?`, [run.id]);
      expect(kids.map((k) => k.status)).toEqual(["cancelled"]);
      // The broken branch would fail again on the same input: change it behind the engine's back so
      // the retry can only go wrong in the agent's child handling.
      await h.db.sql.run(`UPDATE "Run" SET "input"=? WHERE "id"=?`, [JSON.stringify({ fail: false }), run.id]);
      await retryFailedSteps(h.deps, { runId: run.id, userId: "admin" });
      const fresh = await (async () => {
        for (;;) {
          const rows = await h.db.sql.all<{ id: string }>(
            `SELECT "id" FROM "Run" WHERE "parentRunId"=? AND "parentStepKey"='agent~tool-lookup' AND "status"<>'cancelled'`,
            [run.id],
          );
          if (rows[0]) return rows[0].id;
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      await h.waitFor(fresh, ["waiting"]);
      const [task] = (await h.store.getTasks(fresh)).filter((t) => t.status === "open");
      await decideTask(h.deps, { taskId: task.id, userId: "rev", userRoles: ["reviewer"], decision: "approve" });
      expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
      expect((await getRun(h.deps, run.id)).run.output).toEqual({ fromChild: 42, childStatus: "succeeded" });
    } finally {
      childWorkflowId = previous;
    }
  });
});
