// The agent node end to end: real worker, real `openai` client, fake OpenAI-compatible server.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { startSink, type Sink } from "@/tests/engine/helpers/sink";
import { decideTask } from "@/lib/engine/run-service";
import type { AgentOutput } from "@/lib/agents/agent-types";
import { createAgentHarness, type AgentHarness } from "./helpers/agent-harness";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";
import { personalDigest } from "@/lib/governance/subject-hash";

describeEachDb("agent node", (dialect) => {
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

  async function output(runId: string): Promise<{ out: AgentOutput; handle: string | null }> {
    const s = await h.step(runId, "agent");
    return { out: s.output as AgentOutput, handle: s.outputHandle };
  }

  it("runs a 3-round tool loop, records every call with usage and cost, and answers", async () => {
    const lookup = {
      name: "lookup",
      type: "http",
      method: "POST",
      url: `${sink.url}/lookup/{{ $.args.id }}`,
      argsSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
    };
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { tools: [lookup] })));
    h.model.script([
      { toolCalls: [{ name: "lookup", arguments: { id: "a" } }], usage: { prompt_tokens: 100, completion_tokens: 10 } },
      { toolCalls: [{ name: "lookup", arguments: { id: "b" } }], usage: { prompt_tokens: 120, completion_tokens: 10 } },
      { toolCalls: [{ name: "lookup", arguments: { id: "c" } }], usage: { prompt_tokens: 140, completion_tokens: 10 } },
      { ...final("pay 120 EUR", 0.92, "Policy covers it; three records agree."), usage: { prompt_tokens: 160, completion_tokens: 20 } },
    ]);
    const run = await h.start(versionId, { claimId: "C-1" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    const { out, handle } = await output(run.id);
    expect(handle).toBe("ok");
    expect(out).toMatchObject({
      answer: "pay 120 EUR",
      rationale: "Policy covers it; three records agree.",
      confidence: 0.92,
      modelCalls: 4,
    });
    expect(out.toolCalls.map((t) => [t.round, t.name, t.arguments, t.ok])).toEqual([
      [1, "lookup", { id: "a" }, true],
      [2, "lookup", { id: "b" }, true],
      [3, "lookup", { id: "c" }, true],
    ]);
    expect(out.usage).toEqual({ inputTokens: 520, outputTokens: 50 });
    expect(out.costUsd).toBeCloseTo((520 * 1 + 50 * 2) / 1e6, 12);
    expect(h.model.callCount).toBe(4);
    h.model.assertScriptConsumed();
    // each later call carries the earlier tool results; the answer is requested as strict json_schema
    const last = h.model.calls[3];
    expect(last.messages.filter((m) => (m as { role: string }).role === "tool")).toHaveLength(3);
    expect(last.responseFormat).toMatchObject({ type: "json_schema", json_schema: { name: "agent_answer", strict: true } });
    expect(sink.requests.map((r) => r.path)).toEqual(["/lookup/a", "/lookup/b", "/lookup/c"]);
    expect(new Set(sink.requests.map((r) => r.key)).size).toBe(3);
    const rows = await h.db.sql.all<{ seq: number; model: string; inputTokens: number; costUsd: number }>(
      `SELECT "seq","model","inputTokens","costUsd" FROM "ModelCall" WHERE "runId"=? ORDER BY "seq"`,
      [run.id],
    );
    expect(rows.map((r) => r.model)).toEqual([
      "fake-model",
      "tool:lookup",
      "fake-model",
      "tool:lookup",
      "fake-model",
      "tool:lookup",
      "fake-model",
      "decision:ok",
    ]);
    const runRow = (
      await h.db.sql.all<{ tokens: number; costUsd: number }>(`SELECT "tokens","costUsd" FROM "Run" WHERE "id"=?`, [run.id])
    )[0];
    expect(Number(runRow.tokens)).toBe(570);
    expect(Number(runRow.costUsd)).toBeCloseTo(out.costUsd, 12);
    const audit = await h.db.sql.all<{ action: string; data: string }>(
      `SELECT "action","data" FROM "AuditEvent" WHERE "targetId"=? AND "action" LIKE 'agent.%'`,
      [run.id],
    );
    expect(audit.map((a) => a.action)).toEqual(["agent.decided"]);
    expect(JSON.parse(audit[0].data)).toMatchObject({
      confidence: 0.92,
      rationaleHash: personalDigest("Policy covers it; three records agree."),
    });
    expect(audit[0].data).not.toContain("three records agree");
  });

  it("validates structured output and repairs a bad answer once", async () => {
    const responseSchema = {
      type: "object",
      properties: { decision: { type: "string", enum: ["approve", "deny"] } },
      required: ["decision"],
      additionalProperties: false,
    };
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { responseSchema })));
    h.model.script([final({ decision: "maybe" }), final({ decision: "deny" }, 0.8)]);
    const run = await h.start(versionId, { claimId: "C-2" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    const { out, handle } = await output(run.id);
    expect(handle).toBe("ok");
    expect(out.answer).toEqual({ decision: "deny" });
    expect(h.model.callCount).toBe(2);
    const repair = h.model.calls[1].messages.at(-1) as { role: string; content: string };
    expect(repair.role).toBe("user");
    expect(repair.content).toMatch(/answer.decision: must be one of "approve", "deny"/);
  });

  it("fails with a clear error when the answer stays invalid after the repair budget", async () => {
    const responseSchema = { type: "object", properties: { n: { type: "integer" } }, required: ["n"] };
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { responseSchema }), { errorEdge: true }));
    h.model.script([{ content: "not json" }, final({ n: "three" })]);
    const run = await h.start(versionId, { claimId: "C-3" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    const s = await h.step(run.id, "agent");
    expect(s.status).toBe("failed");
    expect(s.error).toMatchObject({ code: "invalid_output" });
    expect(String((s.error as { message: string }).message)).toMatch(/after 1 repair attempt/);
    expect(h.model.callCount).toBe(2);
  });

  it("escalates a low-confidence answer to an approval, records why, and continues after approval", async () => {
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { confidenceThreshold: 0.7 })));
    h.model.script([final("deny the claim", 0.35, "Documents are unclear.")]);
    const run = await h.start(versionId, { claimId: "C-4" });
    expect(await h.waitFor(run.id, ["waiting", "failed"])).toBe("waiting");
    const { out, handle } = await output(run.id);
    expect(handle).toBe("escalate");
    expect(out).toMatchObject({
      answer: "deny the claim",
      rationale: "Documents are unclear.",
      confidence: 0.35,
      escalated: { reason: "low_confidence" },
    });
    const [task] = await h.store.getTasks(run.id);
    expect(task.payload).toMatchObject({ answer: "deny the claim", escalated: { reason: "low_confidence" } });
    const events = await h.store.getEvents(run.id);
    expect(events.find((e) => e.type === "agent.escalated")?.data).toMatchObject({ reason: "low_confidence", confidence: 0.35 });
    const audit = await h.db.sql.all<{ data: string }>(
      `SELECT "data" FROM "AuditEvent" WHERE "targetId"=? AND "action"='agent.escalated'`,
      [run.id],
    );
    expect(JSON.parse(audit[0].data)).toMatchObject({ reason: "low_confidence", rationaleHash: personalDigest("Documents are unclear.") });
    await decideTask(h.deps, { taskId: task.id, userId: "rev", userRoles: ["reviewer"], decision: "approve" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect((await h.store.getRun(run.id))?.output).toMatchObject({ decision: "approved" });
  });

  it("escalates when the next model call would exceed the run's token budget", async () => {
    const lookup = { name: "lookup", type: "http", url: `${sink.url}/x` };
    const { versionId } = await h.publish(
      agentGraph(agentConfig(h.providerId, { tools: [lookup], maxOutputTokens: 100 }), { settings: { budget: { maxTokens: 400 } } }),
    );
    h.model.script([
      {
        toolCalls: [{ name: "lookup", arguments: {} }],
        content: "Let me look it up.",
        usage: { prompt_tokens: 250, completion_tokens: 20 },
      },
    ]);
    const run = await h.start(versionId, { claimId: "C-5" });
    expect(await h.waitFor(run.id, ["waiting", "failed"])).toBe("waiting");
    const { out, handle } = await output(run.id);
    expect(handle).toBe("escalate");
    expect(out.escalated?.reason).toBe("budget_exceeded");
    expect(out.escalated?.detail).toMatch(/270 tokens spent/);
    expect(h.model.callCount).toBe(1);
    expect(sink.requests).toHaveLength(1);
  });

  it("escalates at the tool-round limit with the proposed calls; a tool that requires approval waits for a reviewer instead", async () => {
    const t = (name: string, requiresApproval = false) => ({ name, type: "http", url: `${sink.url}/${name}`, requiresApproval });
    const limited = await h.publish(agentGraph(agentConfig(h.providerId, { tools: [t("a")], maxToolRounds: 1 })));
    h.model.script([
      { toolCalls: [{ name: "a", arguments: {} }] },
      { toolCalls: [{ name: "a", arguments: { again: true } }], content: "One more lookup." },
    ]);
    const r1 = await h.start(limited.versionId, { claimId: "C-6" });
    expect(await h.waitFor(r1.id, ["waiting", "failed"])).toBe("waiting");
    expect((await output(r1.id)).out.escalated).toMatchObject({
      reason: "tool_round_limit",
      proposedToolCalls: [{ name: "a", arguments: { again: true }, reason: "One more lookup." }],
    });

    const gated = await h.publish(agentGraph(agentConfig(h.providerId, { tools: [t("refund", true)] })));
    h.model.script([{ toolCalls: [{ name: "refund", arguments: { amount: 50 } }], content: "Refund the duplicate charge." }]);
    sink.requests.length = 0;
    const r2 = await h.start(gated.versionId, { claimId: "C-7" });
    expect(await h.waitFor(r2.id, ["waiting", "failed"])).toBe("waiting");
    // a tool that requires approval does not escalate the step: the call waits for a reviewer (tool-approval.test.ts)
    expect((await h.store.getTasks(r2.id)).map((t) => [t.type, t.payload])).toEqual([
      ["tool_approval", { tool: "refund", arguments: { amount: 50 }, reason: "Refund the duplicate charge." }],
    ]);
    expect((await h.step(r2.id, "agent")).status).toBe("waiting");
    expect(sink.requests).toHaveLength(0);
  });

  it("retries a 429 per the retry policy without repeating completed calls, and fails on a 400 with the provider's message", async () => {
    const lookup = { name: "lookup", type: "http", url: `${sink.url}/l` };
    const retry = { maxAttempts: 2, initialIntervalMs: 10, jitter: 0 };
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { tools: [lookup] }), { retry }));
    h.model.script([{ toolCalls: [{ name: "lookup", arguments: {} }] }, { error: { status: 429, message: "Slow down" } }, final("ok")]);
    const run = await h.start(versionId, { claimId: "C-8" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    const s = await h.step(run.id, "agent");
    expect(s.attempt).toBe(2);
    expect(h.model.callCount).toBe(3);
    expect(sink.requests).toHaveLength(1);

    const bad = await h.publish(agentGraph(agentConfig(h.providerId), { retry, errorEdge: true }));
    h.model.script([{ error: { status: 400, message: "Unsupported parameter: temperature" } }]);
    const r2 = await h.start(bad.versionId, { claimId: "C-9" });
    expect(await h.waitFor(r2.id, ["succeeded", "failed"])).toBe("succeeded");
    const s2 = await h.step(r2.id, "agent");
    expect(s2.status).toBe("failed");
    expect(s2.attempt).toBe(1);
    expect(s2.error).toMatchObject({ code: "model_400" });
    expect(String((s2.error as { message: string }).message)).toContain("Unsupported parameter: temperature");
  });
});
