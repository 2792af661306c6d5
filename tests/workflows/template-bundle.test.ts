// Creating from a template that calls helper workflows creates and publishes them first and wires
// their ids in, so the new workflow publishes at once with the helpers' versions pinned.
import { afterAll, beforeAll, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createFromTemplate, helperName } from "@/lib/workflows/template-bundle";
import { findTemplate } from "@/lib/workflows/templates";
import { getVersion, getWorkflow, publishWorkflow } from "@/lib/workflows/workflow-service";
import { createTestDb, describeEachDb, type TestDatabase } from "../helpers/test-db";

describeEachDb("template bundles", (dialect) => {
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

  it("contract renewal creates its published helpers, and the supervisor's tools call them pinned to v1", async () => {
    const template = findTemplate("contract-renewal")!;
    const { workflow, helpers } = await createFromTemplate(db, template, { name: "Supplier renewal", description: "" }, actor);
    expect(helpers.map((h) => [h.name, h.version.version])).toEqual([
      ["Supplier renewal · Price benchmark", 1],
      ["Supplier renewal · Negotiation brief", 1],
    ]);
    const main = await getWorkflow(db, workflow.id);
    expect(main.description).toBe(template.description);
    const tools = (graphTools: unknown) => (graphTools as { workflowId: string; version: string }[]).map((t) => [t.workflowId, t.version]);
    expect(tools(main.draft.graph.nodes.find((n) => n.id === "supervisor")!.config.tools)).toEqual(helpers.map((h) => [h.id, ""]));

    const v = await publishWorkflow(db, workflow.id, { message: "first" }, actor);
    const published = await getVersion(db, workflow.id, v.version.version);
    expect(tools((published.graph.nodes.find((n) => n.id === "supervisor")!.config as { tools?: unknown }).tools)).toEqual(
      helpers.map((h) => [h.id, "1"]),
    );
  });

  it("keeps helper names within the name limit", () => {
    const name = helperName("x".repeat(120), "Negotiation brief");
    expect(name).toHaveLength(120);
    expect(name.endsWith(" · Negotiation brief")).toBe(true);
  });
});
