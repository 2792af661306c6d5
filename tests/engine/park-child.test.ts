// An effect may park its step on a child run (a workflow used as an agent tool) and continue the
// same attempt with the child's outcome.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { withAgentRuntime, type AgentRuntime } from "@/lib/engine/executors/agent-runtime";
import { getRun, startRun } from "@/lib/engine/run-service";
import type { ExecutorContext } from "@/lib/engine/ports";
import { nodeKinds } from "@/lib/workflow/node-kinds";
import { createHarness, type Harness } from "./helpers/engine";
import { graph, publish } from "./helpers/graph";

describeEachDb("effects parking on child runs", (dialect) => {
  let h: Harness;
  let childWorkflowId = "";
  const seen: { attempt: number; children: { parentStepKey: string; status: string; output: unknown }[] }[] = [];
  const runtime: AgentRuntime = {
    run: async (_node, _prepared, ctx: ExecutorContext) => {
      seen.push({ attempt: ctx.attempt, children: ctx.children.map((c) => ({ parentStepKey: c.parentStepKey, status: c.status, output: c.output })) });
      if (ctx.children.length === 0) {
        const v = await ctx.resolveVersion!(childWorkflowId, "latest");
        return { park: { key: "tool-lookup", child: { workflowId: childWorkflowId, versionId: v!.id, input: { n: 21 } } } };
      }
      return { output: { fromChild: ctx.children[0].output }, handle: "ok" };
    },
  };

  beforeAll(async () => {
    h = await createHarness(dialect, { startWorker: false });
    await withAgentRuntime(runtime, () => h.worker.start({ register: false }));
    const child = await publish(h.db.sql, graph().start().transform("t", "$.input.n * 2").end("end", "$.steps.t.output").chain("start", "t", "end").build());
    childWorkflowId = child.workflowId;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("starts the child, waits without a worker, and resumes the same attempt with its output", async () => {
    const doc = graph()
      .start()
      .node({ id: "agent", kind: "agent", config: { ...nodeKinds.agent.defaults, user: "hi" } })
      .end("end", "$.steps.agent.output")
      .edge("start", "agent")
      .edge("agent", "end", "ok")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: "u1" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect((await getRun(h.deps, run.id)).run.output).toEqual({ fromChild: 42 });
    const kids = await h.db.sql.all<{ parentStepKey: string; status: string; depth: number }>(`SELECT "parentStepKey","status","depth" FROM "Run" WHERE "parentRunId"=?`, [run.id]);
    expect(kids).toEqual([{ parentStepKey: "agent~tool-lookup", status: "succeeded", depth: 1 }]);
    expect(seen.map((s) => s.attempt)).toEqual([1, 1]);
    expect(seen[1].children).toEqual([{ parentStepKey: "agent~tool-lookup", status: "succeeded", output: 42 }]);
  });
});
