// Tools that require approval: the proposed call parks the run as an inbox task; the reviewer
// approves, edits the arguments or rejects with a message, and the agent loop continues durably —
// completed model and tool calls are replayed from their sub-steps, never made again (the fake
// model server and the loopback sink count every call).
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { startSink, type Sink } from "@/tests/engine/helpers/sink";
import { decideTask } from "@/lib/engine/run-service";
import type { TaskRecord } from "@/lib/engine/ports";
import type { AgentOutput } from "@/lib/agents/agent-types";
import { loadStepDetail } from "@/lib/monitoring/run-view";
import { createAgentHarness, type AgentHarness } from "./helpers/agent-harness";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";

describeEachDb("tool calls that require approval", (dialect) => {
  let h: AgentHarness;
  let sink: Sink;
  beforeAll(async () => {
    h = await createAgentHarness(dialect);
    sink = await startSink();
  });
  afterAll(async () => {
    await h?.close();
    await sink?.close();
  });
  beforeEach(() => {
    h.model.reset();
    sink.requests.length = 0;
  });

  const tools = () => [
    { name: "lookup", type: "http", method: "POST", url: `${sink.url}/lookup` },
    {
      name: "refund",
      description: "Refund part of a charge",
      type: "http",
      method: "POST",
      url: `${sink.url}/refund`,
      requiresApproval: true,
      argsSchema: {
        type: "object",
        properties: { amount: { type: "number", maximum: 100 } },
        required: ["amount"],
        additionalProperties: false,
      },
    },
  ];

  async function openTask(runId: string): Promise<TaskRecord> {
    expect(await h.waitFor(runId, ["waiting", "failed", "succeeded"])).toBe("waiting");
    const tasks = (await h.store.getTasks(runId)).filter((t) => t.status === "open");
    expect(tasks).toHaveLength(1);
    return tasks[0];
  }

  const agentOutput = async (runId: string) => (await h.step(runId, "agent")).output as AgentOutput;
  const toolMessages = (call: number) =>
    (h.model.calls[call].messages as { role: string; content: string }[]).filter((m) => m.role === "tool").map((m) => m.content);

  it("parks the proposed call as a task; the reviewer's edited arguments are what the tool gets, and nothing is called twice", async () => {
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { tools: tools() })));
    h.model.script([
      { toolCalls: [{ name: "lookup", arguments: { id: "a" } }] },
      { toolCalls: [{ name: "refund", arguments: { amount: 50 } }], content: "The charge was duplicated; refund it." },
      final("Refunded 40 EUR", 0.9, "The reviewer lowered the refund."),
    ]);
    const run = await h.start(versionId, { claimId: "C-1" });
    const task = await openTask(run.id);

    // the inbox task carries the proposal: tool, arguments, the agent's reason; the arguments are editable
    expect(task).toMatchObject({
      type: "tool_approval",
      stepKey: expect.stringMatching(/^agent~tool-\d+$/),
      nodeId: "agent",
      payload: { tool: "refund", arguments: { amount: 50 }, reason: "The charge was duplicated; refund it." },
      context: { agent: "Agent", round: 2 },
      assignees: [{ type: "role", value: "reviewer" }],
    });
    expect(task.editableSchema).toMatchObject({
      properties: { arguments: { type: "object", properties: { amount: { type: "number", maximum: 100 } } } },
    });
    expect((await h.store.getRun(run.id))!.waitingOn).toBe("task");
    // the run view's step inspector shows the task the agent step waits for
    expect((await loadStepDetail(h.db.sql, run.id, "agent")).task).toMatchObject({
      id: task.id,
      type: "tool_approval",
      status: "open",
      payload: { tool: "refund" },
    });
    expect(h.model.callCount).toBe(2);
    expect(sink.requests.map((r) => r.path)).toEqual(["/lookup"]);

    // an edit that breaks the tool's argument schema is refused; nothing is decided
    await expect(
      decideTask(h.deps, {
        taskId: task.id,
        userId: "rev-1",
        userRoles: ["reviewer"],
        decision: "approve",
        payload: { arguments: { amount: 500 } },
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/Invalid payload edit/) });

    await decideTask(h.deps, {
      taskId: task.id,
      userId: "rev-1",
      userRoles: ["reviewer"],
      decision: "approve",
      payload: { arguments: { amount: 40 } },
      comment: "Only 40 was duplicated",
    });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");

    // the tool got the edited arguments, once; the lookup before the park was not repeated
    expect(sink.requests.map((r) => [r.path, r.body])).toEqual([
      ["/lookup", JSON.stringify({ id: "a" })],
      ["/refund", JSON.stringify({ amount: 40 })],
    ]);
    // three model calls in all: the first two were replayed after the decision, not re-sent
    expect(h.model.callCount).toBe(3);
    h.model.assertScriptConsumed();
    const sentToModel = toolMessages(2);
    expect(sentToModel).toHaveLength(2);
    expect(JSON.parse(sentToModel[1])).toMatchObject({
      arguments: { amount: 40 },
      result: { status: 200, body: { ok: true, path: "/refund" } },
    });

    const step = await h.step(run.id, "agent");
    expect(step.attempt).toBe(1);
    expect(step.outputHandle).toBe("ok");
    const out = await agentOutput(run.id);
    expect(out).toMatchObject({ answer: "Refunded 40 EUR", modelCalls: 3 });
    expect(out.toolCalls.map((t) => [t.round, t.name, t.arguments, t.ok])).toEqual([
      [1, "lookup", { id: "a" }, true],
      [2, "refund", { amount: 40 }, true],
    ]);
    expect(out.toolCalls[1].approval).toMatchObject({
      decision: "approved",
      taskId: task.id,
      comment: "Only 40 was duplicated",
      decidedBy: ["rev-1"],
      proposedArguments: { amount: 50 },
    });
    // each model call and each tool call is one sub-step row
    const rows = await h.db.sql.all<{ name: string }>(`SELECT "model" AS "name" FROM "ModelCall" WHERE "runId"=? ORDER BY "seq"`, [run.id]);
    expect(rows.map((r) => r.name)).toEqual(["fake-model", "tool:lookup", "fake-model", "tool:refund", "fake-model", "decision:ok"]);
    const events = (await h.store.getEvents(run.id)).map((e) => e.type);
    expect(events.filter((t) => t === "step.resumed")).toHaveLength(1);
  });

  it("a rejection's message is returned to the agent as the tool result and the agent continues", async () => {
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { tools: tools() })));
    h.model.script([
      { toolCalls: [{ name: "refund", arguments: { amount: 50 } }], content: "Refund it." },
      final("No refund: already refunded.", 0.85, "The reviewer said it was refunded."),
    ]);
    const run = await h.start(versionId, { claimId: "C-2" });
    const task = await openTask(run.id);
    await expect(
      decideTask(h.deps, { taskId: task.id, userId: "rev-1", userRoles: ["reviewer"], decision: "reject" }),
    ).rejects.toMatchObject({ status: 422 });
    await decideTask(h.deps, {
      taskId: task.id,
      userId: "rev-1",
      userRoles: ["reviewer"],
      decision: "reject",
      comment: "Customer was already refunded last week",
    });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");

    expect(sink.requests).toHaveLength(0);
    expect(h.model.callCount).toBe(2);
    h.model.assertScriptConsumed();
    const [toolResult] = toolMessages(1);
    expect(JSON.parse(toolResult)).toEqual({
      error: "A reviewer did not allow this call: Customer was already refunded last week",
      result: { rejected: true, message: "Customer was already refunded last week" },
    });
    const out = await agentOutput(run.id);
    expect(out.answer).toBe("No refund: already refunded.");
    expect(out.toolCalls).toMatchObject([
      {
        name: "refund",
        arguments: { amount: 50 },
        ok: false,
        approval: { decision: "rejected", comment: "Customer was already refunded last week" },
      },
    ]);
  });

  it("two gated calls in one round are put to the reviewer one after the other; invalid arguments are not put to anyone", async () => {
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { tools: tools() })));
    h.model.script([
      {
        toolCalls: [
          { name: "refund", arguments: { amount: 500 } },
          { name: "refund", arguments: { amount: 10 } },
          { name: "refund", arguments: { amount: 20 } },
        ],
      },
      final("Done", 0.9),
    ]);
    const run = await h.start(versionId, { claimId: "C-3" });
    const first = await openTask(run.id);
    expect(first.payload).toMatchObject({ arguments: { amount: 10 } });
    await decideTask(h.deps, { taskId: first.id, userId: "rev-1", userRoles: ["reviewer"], decision: "approve" });
    let second: TaskRecord | undefined;
    for (let i = 0; i < 500 && !second; i++) {
      second = (await h.store.getTasks(run.id)).find((t) => t.status === "open");
      if (!second) await new Promise((r) => setTimeout(r, 10));
    }
    expect(second?.payload).toMatchObject({ arguments: { amount: 20 } });
    await decideTask(h.deps, { taskId: second!.id, userId: "rev-2", userRoles: ["reviewer"], decision: "approve" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect(sink.requests.map((r) => r.body)).toEqual([JSON.stringify({ amount: 10 }), JSON.stringify({ amount: 20 })]);
    expect(h.model.callCount).toBe(2);
    const out = await agentOutput(run.id);
    expect(out.toolCalls.map((t) => [t.ok, t.approval?.decision ?? null])).toEqual([
      [false, null],
      [true, "approved"],
      [true, "approved"],
    ]);
    expect(out.toolCalls[0].error).toMatch(/invalid arguments/);
  });
});
