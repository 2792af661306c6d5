// Oversight signals from real agent runs against the fake model: the agent's confidence and rationale
// reach the escalation task (its context and confidence column), the inbox's low-confidence filter,
// and the decision's audit record; three parallel agents that disagree are escalated by a consensus
// Join with every answer side by side in the task.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph } from "@/tests/engine/helpers/graph";
import { decideTask } from "@/lib/engine/run-service";
import { readTaskListPage } from "@/lib/db/inbox-list-read";
import { personalDigest } from "@/lib/governance/subject-hash";
import { createAgentHarness, type AgentHarness } from "@/tests/ai/helpers/agent-harness";
import { agentConfig, agentGraph, final } from "@/tests/ai/helpers/agent-graph";

const decisionSchema = {
  type: "object",
  properties: { decision: { type: "string" } },
  required: ["decision"],
  additionalProperties: false,
};

describeEachDb("oversight signals", (dialect) => {
  let h: AgentHarness;
  beforeAll(async () => {
    h = await createAgentHarness(dialect);
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.model.reset());

  const openTasks = (confidenceBelow?: number) =>
    readTaskListPage(h.db.sql, { scope: "every", confidenceBelow }, { sort: "newest", after: null, limit: 50 });

  it("a low-confidence answer reaches the task, the low-confidence filter and the decision's audit record", async () => {
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { confidenceThreshold: 0.7 })));
    h.model.script([final("deny the claim", 0.35, "Documents are unclear.")]);
    const run = await h.start(versionId, { claimId: "C-9" });
    expect(await h.waitFor(run.id, ["waiting", "failed"])).toBe("waiting");
    const [task] = await h.store.getTasks(run.id);
    expect(task.context).toMatchObject({
      confidence: 0.35,
      rationale: "Documents are unclear.",
      agents: [{ name: "Agent", answer: "deny the claim", confidence: 0.35, escalated: { reason: "low_confidence" } }],
    });
    const low = await openTasks(0.5);
    expect(low.rows.map((r) => r.id)).toContain(task.id);
    expect(low.rows.find((r) => r.id === task.id)?.confidence).toBe(0.35);
    expect((await openTasks(0.3)).rows.map((r) => r.id)).not.toContain(task.id);

    await decideTask(h.deps, { taskId: task.id, userId: "rev", userRoles: ["reviewer"], decision: "approve", comment: "ok" });
    const [audit] = await h.db.sql.all<{ data: string }>(`SELECT "data" FROM "AuditEvent" WHERE "targetId"=? AND "action"='task.decided'`, [
      task.id,
    ]);
    expect(JSON.parse(audit.data)).toMatchObject({
      decision: "approve",
      confidence: 0.35,
      rationaleHash: personalDigest("Documents are unclear."),
    });
  });

  it("three agents that disagree are escalated by a consensus Join with all answers side by side", async () => {
    const agent = (id: string, name: string) => ({
      id,
      kind: "agent",
      name,
      config: agentConfig(h.providerId, { confidenceThreshold: 0, responseSchema: decisionSchema }),
    });
    const doc = graph()
      .start()
      .node(agent("a1", "Alpha"))
      .node(agent("a2", "Beta"))
      .node(agent("a3", "Gamma"))
      .node({
        id: "join",
        kind: "join",
        name: "Vote",
        config: { mode: "all", consensus: { enabled: true, fields: "decision", maxConfidenceSpread: 0.3 } },
      })
      .node({
        id: "review",
        kind: "approval",
        name: "Review",
        config: {
          assignees: { users: [], roles: ["reviewer"] },
          instructions: "Agents disagree",
          payload: "$.steps.Vote.output",
          separationOfDuties: false,
        },
      })
      .end("agreed", "$.steps.Vote.output")
      .end("after", "$.steps.Review.output")
      .edge("start", "a1")
      .edge("start", "a2")
      .edge("start", "a3")
      .edge("a1", "join", "ok")
      .edge("a2", "join", "ok")
      .edge("a3", "join", "ok")
      .edge("join", "agreed", "out")
      .edge("join", "review", "escalate")
      .edge("review", "after", "approved")
      .build();
    const { versionId } = await h.publish(doc);

    // all three agree within the spread: no escalation
    h.model.script([final({ decision: "approve" }, 0.9), final({ decision: "approve" }, 0.8), final({ decision: "approve" }, 0.7)]);
    const agreed = await h.start(versionId, { claimId: "C-1" });
    expect(await h.waitFor(agreed.id, ["succeeded", "failed", "waiting"])).toBe("succeeded");
    expect((await h.store.getRun(agreed.id))?.output).toMatchObject({ consensus: { agreed: true } });

    h.model.reset();
    h.model.script([
      final({ decision: "approve" }, 0.9, "Income verified."),
      final({ decision: "deny" }, 0.85, "Debt ratio too high."),
      final({ decision: "refer" }, 0.4, "Missing payslip."),
    ]);
    const run = await h.start(versionId, { claimId: "C-2" });
    expect(await h.waitFor(run.id, ["waiting", "failed", "succeeded"])).toBe("waiting");
    const join = await h.step(run.id, "join");
    expect(join.outputHandle).toBe("escalate");
    const [task] = await h.store.getTasks(run.id);
    const ctx = task.context as {
      confidence: number;
      agents: { name: string; answer: { decision: string } }[];
      consensus: { agreed: boolean; reasons: string[]; answers: unknown[] };
    };
    expect(ctx.agents.map((a) => a.name).sort()).toEqual(["Alpha", "Beta", "Gamma"]);
    expect(new Set(ctx.agents.map((a) => a.answer.decision))).toEqual(new Set(["approve", "deny", "refer"]));
    expect(ctx.confidence).toBe(0.4);
    expect(ctx.consensus.agreed).toBe(false);
    expect(ctx.consensus.reasons).toEqual(["the answers differ on decision", "confidence spread 0.50 exceeds 0.3"]);
    expect(ctx.consensus.answers).toHaveLength(3);
  });
});
