// A published workflow as an agent tool: the supervisor agent's call parks the step on a child run
// whose input is the call's arguments; the child's output (or its failure message) is the tool
// result, and the loop continues the same attempt — completed model calls are replayed, never
// re-sent (the fake model server counts them). A child that waits on its own approval keeps the
// parent waiting until the reviewer decides.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph } from "@/tests/engine/helpers/graph";
import { decideTask } from "@/lib/engine/run-service";
import type { TaskRecord } from "@/lib/engine/ports";
import type { AgentOutput } from "@/lib/agents/agent-types";
import { runCredentialReferences } from "@/lib/credentials/credential-references";
import { loadStepDetail } from "@/lib/monitoring/run-view";
import { createAgentHarness, type AgentHarness } from "./helpers/agent-harness";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";

describeEachDb("workflow tools (a published workflow as an agent tool)", (dialect) => {
  let h: AgentHarness;
  const wf = { score: "", signoff: "", broken: "" };

  beforeAll(async () => {
    h = await createAgentHarness(dialect);
    const scoreInput = { type: "object", properties: { n: { type: "number" } }, required: ["n"] };
    wf.score = (
      await h.publish(
        graph()
          .start(scoreInput)
          .transform("t", '{ "score": $.input.n * 2 }')
          .end("end", "$.steps.t.output")
          .chain("start", "t", "end")
          .build(),
      )
    ).workflowId;
    wf.signoff = (
      await h.publish(
        graph()
          .start()
          .node({
            id: "ap",
            kind: "approval",
            name: "Sign off",
            config: {
              assignees: { users: [], roles: ["reviewer"] },
              instructions: "Sign off {{ $.input.contract }}",
              payload: "$.input",
              separationOfDuties: false,
            },
          })
          .end("end", '{ "signedOff": $.steps.`Sign off`.output.decision, "by": $.steps.`Sign off`.output.decidedBy }')
          .edge("start", "ap")
          .edge("ap", "end", "approved")
          .build(),
      )
    ).workflowId;
    wf.broken = (
      await h.publish(
        graph().start().transform("bad", "$error('Customer ' & $.input.id & ' not found')").end("end").chain("start", "bad", "end").build(),
      )
    ).workflowId;
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.model.reset());

  const tools = (over: Record<string, Record<string, unknown>> = {}) => [
    {
      name: "score",
      description: "Scores a number",
      type: "workflow",
      workflowId: wf.score,
      version: "1",
      argsSchema: { type: "object", properties: { n: { type: "number" } }, required: ["n"], additionalProperties: false },
      ...over.score,
    },
    {
      name: "signoff",
      type: "workflow",
      workflowId: wf.signoff,
      version: "latest",
      argsSchema: { type: "object", properties: { contract: { type: "string" } }, required: ["contract"] },
      ...over.signoff,
    },
    { name: "lookup", type: "workflow", workflowId: wf.broken, version: "1", ...over.lookup },
  ];

  const agentOutput = async (runId: string) => (await h.step(runId, "agent")).output as AgentOutput;
  const toolMessages = (call: number) =>
    (h.model.calls[call].messages as { role: string; content: string }[]).filter((m) => m.role === "tool").map((m) => m.content);
  const children = (runId: string) =>
    h.db.sql.all<{ id: string; parentStepKey: string; status: string; input: string }>(
      `SELECT "id","parentStepKey","status","input" FROM "Run" WHERE "parentRunId"=? ORDER BY "createdAt"`,
      [runId],
    );
  async function openTasks(runId: string): Promise<TaskRecord[]> {
    return (await h.store.getTasks(runId)).filter((t) => t.status === "open");
  }

  it("runs the called workflows as child runs (one waiting on its own approval) and gives the agent their outputs, without repeating a model call", async () => {
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { tools: tools() })));
    h.model.script([
      { toolCalls: [{ name: "score", arguments: { n: 21 } }], content: "Score it first." },
      { toolCalls: [{ name: "signoff", arguments: { contract: "K-7" } }] },
      final("Renew K-7", 0.9, "Score 42 and signed off."),
    ]);
    const run = await h.start(versionId, { claimId: "C-1" });

    // the second child waits on its reviewer; the parent waits on the child
    await expect.poll(async () => (await children(run.id)).map((c) => c.status), { timeout: 20_000 }).toEqual(["succeeded", "waiting"]);
    expect(await h.waitFor(run.id, ["waiting", "failed", "succeeded"])).toBe("waiting");
    expect((await h.store.getRun(run.id))!.waitingOn).toBe("child");
    const kids = await children(run.id);
    expect(kids.map((k) => [k.parentStepKey, JSON.parse(k.input)])).toEqual([
      ["agent~wf-1", { n: 21 }],
      ["agent~wf-3", { contract: "K-7" }],
    ]);
    expect(await openTasks(run.id)).toEqual([]);
    expect(h.model.callCount).toBe(2);
    expect(JSON.parse(toolMessages(1)[0])).toEqual({ score: 42 });

    const [task] = await openTasks(kids[1].id);
    expect(task).toMatchObject({ payload: { contract: "K-7" } });
    await decideTask(h.deps, { taskId: task.id, userId: "rev-1", userRoles: ["reviewer"], decision: "approve" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");

    // the model saw the child's output as the tool result; the first two calls were not re-sent
    expect(h.model.callCount).toBe(3);
    h.model.assertScriptConsumed();
    expect(toolMessages(2).map((m) => JSON.parse(m))).toEqual([{ score: 42 }, { signedOff: "approved", by: ["rev-1"] }]);
    const step = await h.step(run.id, "agent");
    expect(step.attempt).toBe(1);
    expect(step.outputHandle).toBe("ok");
    const out = await agentOutput(run.id);
    expect(out).toMatchObject({ answer: "Renew K-7", modelCalls: 3 });
    expect(out.toolCalls.map((t) => [t.name, t.arguments, t.ok, t.result, t.childRunId])).toEqual([
      ["score", { n: 21 }, true, { score: 42 }, kids[0].id],
      ["signoff", { contract: "K-7" }, true, { signedOff: "approved", by: ["rev-1"] }, kids[1].id],
    ]);
    const rows = await h.db.sql.all<{ name: string }>(`SELECT "model" AS "name" FROM "ModelCall" WHERE "runId"=? ORDER BY "seq"`, [run.id]);
    expect(rows.map((r) => r.name)).toEqual(["fake-model", "tool:score", "fake-model", "tool:signoff", "fake-model", "decision:ok"]);
    const events = (await h.store.getEvents(run.id)).map((e) => e.type);
    expect(events.filter((t) => t === "step.resumed")).toHaveLength(2);
    // the run page's step inspector links the agent step's child runs
    expect((await loadStepDetail(h.db.sql, run.id, "agent")).children.map((c) => [c.id, c.parentStepKey, c.status])).toEqual([
      [kids[0].id, "agent~wf-1", "succeeded"],
      [kids[1].id, "agent~wf-3", "succeeded"],
    ]);
  });

  it("a failing child is an error tool result with the child's message, and the agent recovers", async () => {
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { tools: tools() })));
    h.model.script([
      { toolCalls: [{ name: "lookup", arguments: { id: "X-9" } }] },
      { toolCalls: [{ name: "score", arguments: { n: 1 } }] },
      final("Unknown customer, score 2", 0.8),
    ]);
    const run = await h.start(versionId, { claimId: "C-2" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    const kids = await children(run.id);
    expect(kids.map((k) => k.status)).toEqual(["failed", "succeeded"]);
    expect(h.model.callCount).toBe(3);
    h.model.assertScriptConsumed();
    const [failed] = toolMessages(1).map((m) => JSON.parse(m) as { error: string });
    expect(failed.error).toMatch(new RegExp(`^The workflow run ${kids[0].id} ended failed: .*Customer X-9 not found$`));
    const out = await agentOutput(run.id);
    expect(out.toolCalls.map((t) => [t.name, t.ok, t.error ?? null])).toEqual([
      ["lookup", false, failed.error],
      ["score", true, null],
    ]);
  });

  it("a workflow tool that requires approval asks the reviewer first, then runs the child with the approved arguments; a rejection starts no child", async () => {
    const gated = tools({ score: { requiresApproval: true } });
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { tools: gated })));
    h.model.script([{ toolCalls: [{ name: "score", arguments: { n: 5 } }], content: "Need a score." }, final("Score 14", 0.9)]);
    const run = await h.start(versionId, { claimId: "C-3" });
    expect(await h.waitFor(run.id, ["waiting", "failed", "succeeded"])).toBe("waiting");
    const [task] = await openTasks(run.id);
    expect(task).toMatchObject({
      type: "tool_approval",
      stepKey: "agent~tool-1",
      payload: { tool: "score", arguments: { n: 5 }, reason: "Need a score." },
    });
    expect(await children(run.id)).toEqual([]);
    await decideTask(h.deps, {
      taskId: task.id,
      userId: "rev-1",
      userRoles: ["reviewer"],
      decision: "approve",
      payload: { arguments: { n: 7 } },
    });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    const kids = await children(run.id);
    expect(kids.map((k) => [k.parentStepKey, JSON.parse(k.input), k.status])).toEqual([["agent~wf-1", { n: 7 }, "succeeded"]]);
    expect(h.model.callCount).toBe(2);
    expect(JSON.parse(toolMessages(1)[0])).toEqual({
      note: "A reviewer edited the arguments before the call was made.",
      arguments: { n: 7 },
      result: { score: 14 },
    });
    expect((await agentOutput(run.id)).toolCalls[0]).toMatchObject({
      name: "score",
      ok: true,
      childRunId: kids[0].id,
      approval: { decision: "approved", editedArguments: { n: 7 } },
    });

    h.model.reset();
    h.model.script([{ toolCalls: [{ name: "score", arguments: { n: 5 } }] }, final("No score", 0.9)]);
    const run2 = await h.start(versionId, { claimId: "C-4" });
    expect(await h.waitFor(run2.id, ["waiting", "failed", "succeeded"])).toBe("waiting");
    const [task2] = await openTasks(run2.id);
    await decideTask(h.deps, { taskId: task2.id, userId: "rev-1", userRoles: ["reviewer"], decision: "reject", comment: "Not needed" });
    expect(await h.waitFor(run2.id, ["succeeded", "failed"])).toBe("succeeded");
    expect(await children(run2.id)).toEqual([]);
    expect(JSON.parse(toolMessages(1)[0])).toMatchObject({ error: "A reviewer did not allow this call: Not needed" });
  });

  it("arguments that do not match the called workflow's start input are an error result, and no child starts", async () => {
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { tools: tools({ score: { argsSchema: undefined } }) })));
    h.model.script([{ toolCalls: [{ name: "score", arguments: { m: 1 } }] }, final("Could not score", 0.9)]);
    const run = await h.start(versionId, {});
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect(await children(run.id)).toEqual([]);
    expect(JSON.parse(toolMessages(1)[0])).toEqual({
      error: expect.stringMatching(/^the arguments do not match the workflow's input: .*n/),
    });
  });

  it("an unpinned workflow tool fails the step with a configuration error", async () => {
    const { versionId } = await h.publish(
      agentGraph(agentConfig(h.providerId, { tools: tools({ score: { version: "" } }) }), { errorEdge: true }),
    );
    h.model.script([{ toolCalls: [{ name: "score", arguments: { n: 1 } }] }]);
    const run = await h.start(versionId, {});
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect((await h.step(run.id, "agent")).error).toMatchObject({ code: "subworkflow_unpinned" });
    expect(await children(run.id)).toEqual([]);
  });

  it("the run-start credential check follows workflow tools into the called workflow", async () => {
    const child = await h.publish(
      graph()
        .start()
        .node({
          id: "h",
          kind: "http",
          name: "Call CRM",
          config: { method: "GET", url: "https://crm.example.com", credentialId: "cred-crm" },
        })
        .end("end")
        .chain("start", "h", "end")
        .build(),
    );
    const parent = agentGraph(
      agentConfig(h.providerId, { tools: [{ name: "crm", type: "workflow", workflowId: child.workflowId, version: "1" }] }),
    );
    expect(await runCredentialReferences(h.db.sql, parent)).toEqual([
      { credentialId: "cred-crm", nodeId: "agent", nodeName: "Agent → Call CRM", path: "config.credentialId" },
    ]);
  });
});
