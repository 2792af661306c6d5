// "Run one step" of an agent node: the agent runs alone against the (fake) model with the data
// upstream of it taken from the draft's pins, its prompt rendered from them, and nothing is stored:
// no run, no step, no model-call row. The HTTP node upstream is pinned, so it is never called.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { defaultGraph } from "@/lib/workflows/default-graph";
import { createWorkflow } from "@/lib/workflows/workflow-service";
import { setPin } from "@/lib/workflows/test-runs";
import { runOneStep } from "@/lib/workflows/step-test";
import { createAgentHarness, type AgentHarness } from "./helpers/agent-harness";
import { final } from "./helpers/agent-graph";

describeEachDb("Run one step of an agent node", (dialect) => {
  let h: AgentHarness;
  const userId = randomUUID();

  beforeAll(async () => {
    h = await createAgentHarness(dialect);
    await h.db.prisma.user.create({ data: { id: userId, name: "Dana Designer", email: `${userId}@example.com`, role: "designer" } });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** start → Fetch (HTTP to a host that does not exist) → Assess (agent reading Fetch's body) → end. */
  function draft(): DraftGraph {
    const g = defaultGraph();
    const fetchNode = createNode("http", { id: "fetch", name: "Fetch", position: { x: 0, y: 80 } });
    fetchNode.config.url = "http://127.0.0.1:9/never-called";
    const agent = createNode("agent", { id: "assess", name: "Assess", position: { x: 0, y: 160 } });
    agent.config.providerId = h.providerId;
    agent.config.user = "Score {{ $.steps.Fetch.output.body.score }} for claim {{ $.input.claimId }}";
    return {
      ...g,
      nodes: [...g.nodes, fetchNode, agent],
      edges: [
        { id: "a", source: "start", sourceHandle: "out", target: "fetch", targetHandle: "in" },
        { id: "b", source: "fetch", sourceHandle: "out", target: "assess", targetHandle: "in" },
        { id: "c", source: "assess", sourceHandle: "ok", target: "end", targetHandle: "in" },
      ],
    };
  }

  it("renders the prompt from the pinned upstream output, calls the model once and stores nothing", async () => {
    const wf = (await createWorkflow(h.db, { name: `Agent step ${randomUUID().slice(0, 6)}`, description: "", graph: draft() }, userId)).id;
    await setPin(h.db, wf, "fetch", { output: { status: 200, headers: {}, body: { score: 77 } } }, userId);
    const count = async (table: string) => (await h.db.sql.all(`SELECT 1 FROM "${table}"`)).length;
    const before = { runs: await count("Run"), modelCalls: await count("ModelCall") };

    h.model.reset();
    h.model.script([final("approve", 0.93)]);
    const result = await runOneStep(
      h.db,
      wf,
      "assess",
      { input: { claimId: "C-9" } },
      { id: userId },
      { allowHosts: ["127.0.0.1"], env: {} },
    );

    expect(result.error).toBeNull();
    expect(result.ok).toBe(true);
    expect(result.upstream).toEqual({ Fetch: "pin" });
    expect(result.handle).toBe("ok");
    expect(result.output).toMatchObject({ answer: "approve", confidence: 0.93 });
    expect(h.model.calls).toHaveLength(1);
    expect(JSON.stringify(h.model.calls[0].messages)).toContain("Score 77 for claim C-9");
    expect({ runs: await count("Run"), modelCalls: await count("ModelCall") }).toEqual(before);
  });
});
