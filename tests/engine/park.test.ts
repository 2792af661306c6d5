// An effect may park its step on a task (ParkRequest) and continue the same attempt after the
// decision: the hook agent tool-call approvals use.
import { beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { withAgentRuntime, type AgentRuntime } from "@/lib/engine/executors/agent-runtime";
import { singleDecisionTask } from "@/lib/engine/task-spec";
import { decideTask, getRun, startRun } from "@/lib/engine/run-service";
import type { ExecutorContext } from "@/lib/engine/ports";
import { publish, singleAgentGraph } from "./helpers/graph";
import { useEngine } from "./helpers/fixture";

describeEachDb("effects parking on tasks", (dialect) => {
  const { h } = useEngine(dialect, { startWorker: false });
  const calls: { attempt: number; key: string; tasks: { stepKey: string; status: string; result: unknown }[] }[] = [];
  const runtime: AgentRuntime = {
    run: (_node, _prepared, ctx: ExecutorContext) => {
      calls.push({
        attempt: ctx.attempt,
        key: ctx.idempotencyKey,
        tasks: ctx.tasks.map((t) => ({ stepKey: t.stepKey, status: t.status, result: t.result })),
      });
      const n = ctx.tasks.length;
      if (n < 2) {
        return Promise.resolve({
          park: {
            key: `tool-${n + 1}`,
            task: singleDecisionTask({
              type: "tool_approval",
              title: `Approve call ${n + 1}`,
              instructions: "Check the arguments",
              payload: { tool: "refund", args: { amount: 10 * (n + 1) } },
              editableSchema: { type: "object" },
              context: {},
              role: "reviewer",
            }),
          },
        });
      }
      return Promise.resolve({ output: { decisions: ctx.tasks.map((t) => t.status) }, handle: "ok" });
    },
  };

  beforeAll(async () => {
    await withAgentRuntime(runtime, () => h.worker.start({ register: false }));
  });

  it("parks twice, resumes the same attempt with the decided tasks, and finishes", async () => {
    const doc = singleAgentGraph();
    const { versionId } = await publish(h.db.sql, doc);
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: "u1" });
    expect(await h.waitFor(run.id, ["waiting", "failed"])).toBe("waiting");
    let tasks = await h.store.getTasks(run.id);
    expect(tasks.map((t) => [t.stepKey, t.status])).toEqual([["agent~tool-1", "open"]]);
    expect((await h.store.getRun(run.id))!.waitingOn).toBe("task");
    await decideTask(h.deps, { taskId: tasks[0].id, userId: "rev", userRoles: ["reviewer"], decision: "approve" });
    for (;;) {
      tasks = await h.store.getTasks(run.id);
      if (tasks.length === 2) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const second = tasks.find((t) => t.stepKey === "agent~tool-2")!;
    await decideTask(h.deps, { taskId: second.id, userId: "rev", userRoles: ["reviewer"], decision: "reject", comment: "too much" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    const d = await getRun(h.deps, run.id);
    expect(d.run.output).toEqual({ decisions: ["approved", "rejected"] });
    expect(calls.map((c) => c.attempt)).toEqual([1, 1, 1]);
    expect(new Set(calls.map((c) => c.key)).size).toBe(1);
    expect(calls[2].tasks.map((t) => t.stepKey)).toEqual(["agent~tool-1", "agent~tool-2"]);
    const types = (await h.store.getEvents(run.id)).map((e) => e.type);
    expect(types.filter((t) => t === "step.resumed")).toHaveLength(2);
  });
});
