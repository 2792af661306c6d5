import { afterAll, beforeAll, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { DomainError } from "@/lib/errors/domain-error";
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { defaultGraph } from "@/lib/workflows/default-graph";
import {
  createWorkflow,
  deleteWorkflow,
  duplicateWorkflow,
  getVersion,
  getWorkflow,
  importWorkflow,
  listVersions,
  publishWorkflow,
  renameWorkflow,
  restoreVersion,
  saveDraft,
} from "@/lib/workflows/workflow-service";
import { createTestDb, describeEachDb, type TestDatabase } from "../helpers/test-db";

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a rejection");
}

function withTransform(graph: DraftGraph, expression = "$.input"): DraftGraph {
  const t = createNode("transform", { id: "t1", name: "Shape", position: { x: 0, y: 80 } });
  t.config.expression = expression;
  return {
    ...graph,
    nodes: [...graph.nodes, t],
    edges: [
      { id: "a", source: "start", sourceHandle: "out", target: "t1", targetHandle: "in" },
      { id: "b", source: "t1", sourceHandle: "out", target: "end", targetHandle: "in" },
    ],
  };
}

describeEachDb("workflow store", (dialect) => {
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

  it("saves drafts with optimistic concurrency and reports the other tab's draft on conflict", async () => {
    const { id } = await createWorkflow(db, { name: "Loans", description: "", graph: defaultGraph() }, userId);
    const wf = await getWorkflow(db, id);
    expect(wf.draft.revision).toBe(0);
    expect(wf.latestVersion).toBeNull();
    const next = withTransform(wf.draft.graph);
    const saved = await saveDraft(db, id, { graph: next, expectedRevision: 0 }, userId);
    expect(saved.revision).toBe(1);
    const err = await rejection(saveDraft(db, id, { graph: wf.draft.graph, expectedRevision: 0 }, userId));
    expect(err.status).toBe(409);
    expect(err.code).toBe("draft_conflict");
    const details = err.details as { draft: { revision: number; graph: DraftGraph; updatedBy: { name: string } } };
    expect(details.draft.revision).toBe(1);
    expect(details.draft.graph.nodes.map((n) => n.id)).toContain("t1");
    expect(details.draft.updatedBy.name).toBe("Dana Designer");
    await renameWorkflow(db, id, { name: "Loan origination" }, userId);
    const renamed = await getWorkflow(db, id);
    expect(renamed.name).toBe("Loan origination");
    expect(renamed.draft.revision).toBe(1);
  });

  it("pins a sub-workflow call to the child's latest published version at publish time", async () => {
    const child = await createWorkflow(db, { name: "Child", description: "", graph: defaultGraph() }, userId);
    const parent = await createWorkflow(db, { name: "Parent", description: "", graph: defaultGraph() }, userId);
    const sub = createNode("subworkflow", { id: "sub", name: "Call child", position: { x: 0, y: 80 } });
    sub.config.workflowId = child.id;
    const g: DraftGraph = {
      ...defaultGraph(),
      nodes: [...defaultGraph().nodes, sub],
      edges: [
        { id: "a", source: "start", sourceHandle: "out", target: "sub", targetHandle: "in" },
        { id: "b", source: "sub", sourceHandle: "out", target: "end", targetHandle: "in" },
      ],
    };
    await saveDraft(db, parent.id, { graph: g, expectedRevision: 0 }, userId);
    const none = await rejection(publishWorkflow(db, parent.id, { message: "x" }, actor));
    expect(none.status).toBe(422);
    expect((none.details as { problems: { message: string }[] }).problems[0].message).toContain("no published version");
    await publishWorkflow(db, child.id, { message: "c1" }, actor);
    await publishWorkflow(db, child.id, { message: "c2" }, actor);
    const v = await publishWorkflow(db, parent.id, { message: "p1" }, actor);
    const stored = await getVersion(db, parent.id, v.version.version);
    const pinned = stored.graph.nodes.find((n) => n.id === "sub") as { config: { version: string } };
    expect(pinned.config.version).toBe("2");
    // The draft keeps "pin at publish" so the next publish pins again.
    expect((await getWorkflow(db, parent.id)).draft.graph.nodes.find((n) => n.id === "sub")?.config.version).toBe("");
  });

  it("refuses to publish while errors remain, then publishes numbered versions with change summaries", async () => {
    const { id } = await createWorkflow(db, { name: "Pub", description: "", graph: defaultGraph() }, userId);
    await saveDraft(db, id, { graph: withTransform(defaultGraph(), "$.input.("), expectedRevision: 0 }, userId);
    const err = await rejection(publishWorkflow(db, id, { message: "first" }, actor));
    expect(err.status).toBe(422);
    const problems = (err.details as { problems: { nodeId?: string; code: string }[] }).problems;
    expect(problems.some((p) => p.nodeId === "t1" && p.code === "invalid_expression")).toBe(true);

    await saveDraft(db, id, { graph: withTransform(defaultGraph()), expectedRevision: 1 }, userId);
    const stale = await rejection(publishWorkflow(db, id, { message: "x", expectedRevision: 1 }, actor));
    expect(stale.status).toBe(409);
    const v1 = await publishWorkflow(db, id, { message: "first", expectedRevision: 2 }, actor);
    expect(v1.version).toMatchObject({ version: 1, message: "first", author: { name: "Dana Designer" }, schemaVersion: 1 });

    const g2 = withTransform(defaultGraph());
    g2.nodes.push(createNode("delay", { id: "d1", name: "Wait", position: { x: 0, y: 300 } }));
    g2.edges.push({ id: "c", source: "t1", sourceHandle: "out", target: "d1", targetHandle: "in" });
    g2.edges.push({ id: "d", source: "d1", sourceHandle: "out", target: "end", targetHandle: "in" });
    await saveDraft(db, id, { graph: g2, expectedRevision: 2 }, userId);
    const v2 = await publishWorkflow(db, id, { message: "add a delay" }, actor);
    expect(v2.version.version).toBe(2);

    const versions = await listVersions(db, id);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[0].changes).toBe("1 node added; 2 edges added");
    expect(versions[1].changes).toBe("Initial version: 3 nodes");
    expect((await getWorkflow(db, id)).latestVersion?.version).toBe(2);

    const old = await getVersion(db, id, 1);
    expect(old.graph.nodes.map((n) => n.id)).toEqual(["start", "end", "t1"]);
    const restored = await restoreVersion(db, id, 1, actor);
    expect(restored.revision).toBe(4);
    expect(restored.graph.nodes.map((n) => n.id)).toEqual(["start", "end", "t1"]);
    expect((await rejection(getVersion(db, id, 9))).status).toBe(404);
  });

  it("imports a file under a name no live workflow has", async () => {
    const file = { name: `Refunds ${randomUUID().slice(0, 6)}`, description: "", graph: defaultGraph() };
    const first = await importWorkflow(db, file, userId);
    expect(first.name).toBe(file.name);
    const second = await importWorkflow(db, file, userId);
    expect(second.name).toBe(`${file.name} (imported)`);
    const third = await importWorkflow(db, file, userId);
    expect(third.name).toBe(`${file.name} (imported 2)`);
    expect((await getWorkflow(db, third.id)).name).toBe(`${file.name} (imported 2)`);
    // a deleted workflow's name is free again
    await deleteWorkflow(db, second.id, actor);
    expect((await importWorkflow(db, file, userId)).name).toBe(`${file.name} (imported)`);
    // a name at the length limit stays within it
    const long = await importWorkflow(db, { ...file, name: file.name.padEnd(120, "x") }, userId);
    expect(long.name).toBe(file.name.padEnd(120, "x"));
    const longAgain = await importWorkflow(db, { ...file, name: file.name.padEnd(120, "x") }, userId);
    expect(longAgain.name.length).toBeLessThanOrEqual(120);
    expect(longAgain.name.endsWith(" (imported)")).toBe(true);
  });

  it("duplicates, and deletes only when no run is active", async () => {
    const { id } = await createWorkflow(db, { name: "Doomed", description: "d", graph: withTransform(defaultGraph()) }, userId);
    const copy = await duplicateWorkflow(db, id, userId);
    expect(copy.name).toBe("Doomed (copy)");
    expect((await getWorkflow(db, copy.id)).draft.graph.nodes).toHaveLength(3);

    const runId = randomUUID();
    await db.prisma.run.create({ data: { id: runId, workflowId: id, versionId: "v", status: "waiting", input: "{}" } });
    const err = await rejection(deleteWorkflow(db, id, actor));
    expect(err.status).toBe(409);
    expect(err.code).toBe("workflow_has_active_runs");
    await db.prisma.run.update({ where: { id: runId }, data: { status: "succeeded" } });
    await deleteWorkflow(db, id, actor);
    expect((await rejection(getWorkflow(db, id))).status).toBe(404);
  });
});
