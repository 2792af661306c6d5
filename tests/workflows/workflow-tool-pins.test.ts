// Publishing pins agents' workflow tools like Sub-workflow nodes (lib/workflows/subworkflow-pins.ts):
// an empty version becomes the called workflow's latest published number in the published graph,
// the draft keeps "pin at publish", and a call to a workflow with nothing published refuses the publish.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { DomainError } from "@/lib/errors/domain-error";
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { defaultGraph } from "@/lib/workflows/default-graph";
import { createWorkflow, getVersion, getWorkflow, publishWorkflow, saveDraft } from "@/lib/workflows/workflow-service";
import { createTestDb, describeEachDb, type TestDatabase } from "../helpers/test-db";

/** Start → the agent → End, as a draft. */
function startAgentEnd(agent: DraftGraph["nodes"][number]): DraftGraph {
  return {
    ...defaultGraph(),
    nodes: [...defaultGraph().nodes, agent],
    edges: [
      { id: "a", source: "start", sourceHandle: "out", target: agent.id, targetHandle: "in" },
      { id: "b", source: agent.id, sourceHandle: "ok", target: "end", targetHandle: "in" },
    ],
  };
}

describeEachDb("workflow tool pins", (dialect) => {
  let db: TestDatabase;
  const userId = randomUUID();
  const actor = { id: userId, authMethod: "session" as const };
  beforeAll(async () => {
    db = await createTestDb(dialect);
    await db.prisma.user.create({ data: { id: userId, name: "Dana Designer", email: `${userId}@example.com`, role: "designer" } });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("pins an agent's workflow tool to the called workflow's latest published version", async () => {
    const child = await createWorkflow(db, { name: "Child", description: "", graph: defaultGraph() }, userId);
    const parent = await createWorkflow(db, { name: "Supervisor", description: "", graph: defaultGraph() }, userId);
    const agent = createNode("agent", { id: "sup", name: "Supervisor", position: { x: 0, y: 80 } });
    agent.config.tools = [
      {
        name: "child",
        description: "",
        type: "workflow",
        requiresApproval: false,
        method: "GET",
        url: "",
        workflowId: child.id,
        version: "",
      },
      {
        name: "child_latest",
        description: "",
        type: "workflow",
        requiresApproval: false,
        method: "GET",
        url: "",
        workflowId: child.id,
        version: "latest",
      },
    ];
    await saveDraft(db, parent.id, { graph: startAgentEnd(agent), expectedRevision: 0 }, userId);
    const refused = await publishWorkflow(db, parent.id, { message: "x" }, actor).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    const problems = ((refused as DomainError).details as { problems: { message: string; path: string }[] }).problems;
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ["config.tools[0].version", '"Supervisor" tool "child" calls a workflow with no published version: publish it first'],
      ["config.tools[1].version", '"Supervisor" tool "child_latest" calls a workflow with no published version: publish it first'],
    ]);

    await publishWorkflow(db, child.id, { message: "c1" }, actor);
    await publishWorkflow(db, child.id, { message: "c2" }, actor);
    const v = await publishWorkflow(db, parent.id, { message: "p1" }, actor);
    const stored = await getVersion(db, parent.id, v.version.version);
    const tools = (stored.graph.nodes.find((n) => n.id === "sup") as { config: { tools: { version: string }[] } }).config.tools;
    expect(tools.map((t) => t.version)).toEqual(["2", "latest"]);
    const draftTools = (await getWorkflow(db, parent.id)).draft.graph.nodes.find((n) => n.id === "sup")?.config.tools as {
      version: string;
    }[];
    expect(draftTools.map((t) => t.version)).toEqual(["", "latest"]);
  });

  it("lists its problems in tool order whichever lookup answers first", async () => {
    const slow = await createWorkflow(db, { name: "Slow child", description: "", graph: defaultGraph() }, userId);
    const fast = await createWorkflow(db, { name: "Fast child", description: "", graph: defaultGraph() }, userId);
    const parent = await createWorkflow(db, { name: "Orderly", description: "", graph: defaultGraph() }, userId);
    const agent = createNode("agent", { id: "ord", name: "Orderly", position: { x: 0, y: 80 } });
    const tool = (name: string, workflowId: string) => ({
      name,
      description: "",
      type: "workflow" as const,
      requiresApproval: false,
      method: "GET" as const,
      url: "",
      workflowId,
      version: "",
    });
    agent.config.tools = [tool("slow", slow.id), tool("fast", fast.id)];
    await saveDraft(db, parent.id, { graph: startAgentEnd(agent), expectedRevision: 0 }, userId);
    // the first tool's lookups answer last
    const all = db.sql.all.bind(db.sql);
    const spy = vi.spyOn(db.sql, "all").mockImplementation(async (sql: string, params?: unknown[]) => {
      if (params?.includes(slow.id)) await new Promise((r) => setTimeout(r, 50));
      return all(sql, params as never);
    });
    try {
      const refused = (await publishWorkflow(db, parent.id, { message: "x" }, actor).catch((e: unknown) => e)) as DomainError;
      const problems = (refused.details as { problems: { path: string }[] }).problems;
      expect(problems.map((p) => p.path)).toEqual(["config.tools[0].version", "config.tools[1].version"]);
    } finally {
      spy.mockRestore();
    }
  });
});
