// Publish, delete and restore of a workflow through their route handlers, on real databases with
// the signed-in user stubbed: each success appends one audit event (who, what, which version), a
// refused change appends none, and the hash chain stays intact.
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/auth/roles";
import { verifyChain } from "@/lib/db/audit-store";
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { defaultGraph } from "@/lib/workflows/default-graph";
import { createWorkflow, saveDraft } from "@/lib/workflows/workflow-service";
import { createTestDb, describeEachDb, type TestDatabase } from "../helpers/test-db";

const current: { role: Role; id: string } = { role: "designer", id: "" };
let app: unknown;

vi.mock("@/lib/auth/session", () => ({
  resolveUser: async () => ({
    user: { id: current.id, email: `${current.id}@x.test`, name: "Dana", role: current.role },
    method: "session",
  }),
}));
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));

const { POST: publish } = await import("@/app/api/v1/workflows/[workflowId]/publish/route");
const { POST: restore } = await import("@/app/api/v1/workflows/[workflowId]/versions/[version]/restore/route");
const { DELETE: remove } = await import("@/app/api/v1/workflows/[workflowId]/route");

function req(method: string, path: string, body?: unknown): Request {
  return new Request(`http://localhost${path}`, {
    method,
    headers: { host: "localhost", origin: "http://localhost", "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
const ctx = <P extends Record<string, string>>(params: P) => ({ params: Promise.resolve(params) });

function withTransform(graph: DraftGraph, expression: string): DraftGraph {
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

describeEachDb("workflow audit (publish, restore, delete routes)", (dialect) => {
  let db: TestDatabase;
  const userId = randomUUID();
  const audit = (workflowId: string) =>
    db.sql.all<{ action: string; actorId: string | null; actorType: string; targetType: string; data: string }>(
      `SELECT "action","actorId","actorType","targetType","data" FROM "AuditEvent" WHERE "targetId"=? ORDER BY "id"`,
      [workflowId],
    );

  beforeAll(async () => {
    db = await createTestDb(dialect);
    await db.prisma.user.create({ data: { id: userId, name: "Dana", email: `${userId}@example.com`, role: "designer" } });
    app = { db, engine: { notify: () => undefined, schedulesChanged: () => undefined } };
  });
  afterAll(async () => {
    await db?.drop();
  });
  beforeEach(() => {
    current.role = "designer";
    current.id = userId;
  });

  it("records publish and restore with the version, and delete with the name", async () => {
    const { id } = await createWorkflow(db, { name: "Loans", description: "", graph: withTransform(defaultGraph(), "$.input") }, userId);

    const first = await publish(req("POST", `/api/v1/workflows/${id}/publish`, { message: "first" }), ctx({ workflowId: id }));
    expect(first.status).toBe(201);
    await saveDraft(db, id, { graph: withTransform(defaultGraph(), "$.input.amount"), expectedRevision: 0 }, userId);
    expect((await publish(req("POST", `/api/v1/workflows/${id}/publish`, { message: "second" }), ctx({ workflowId: id }))).status).toBe(
      201,
    );

    const restored = await restore(req("POST", `/api/v1/workflows/${id}/versions/1/restore`), ctx({ workflowId: id, version: "1" }));
    expect(restored.status).toBe(200);
    const { draft } = (await restored.json()) as { draft: { revision: number } };

    expect((await remove(req("DELETE", `/api/v1/workflows/${id}`), ctx({ workflowId: id }))).status).toBe(200);

    const rows = await audit(id);
    expect(rows.map((r) => r.action)).toEqual(["workflow.published", "workflow.published", "workflow.restored", "workflow.deleted"]);
    for (const r of rows) expect(r).toMatchObject({ actorId: userId, actorType: "user", targetType: "workflow" });
    const data = rows.map((r) => JSON.parse(r.data) as Record<string, unknown>);
    expect(data[0]).toMatchObject({ version: 1, message: "first", warnings: 0 });
    expect(data[1]).toMatchObject({ version: 2, message: "second" });
    expect(data[2]).toEqual({ version: 1, draftRevision: draft.revision });
    expect(data[3]).toEqual({ name: "Loans" });
    expect((await verifyChain(db.sql)).ok).toBe(true);
  });

  it("records nothing when the change is refused", async () => {
    const { id } = await createWorkflow(db, { name: "Broken", description: "", graph: withTransform(defaultGraph(), "$.input.(") }, userId);
    // Invalid graph: 422, no version, no audit event.
    expect((await publish(req("POST", `/api/v1/workflows/${id}/publish`, { message: "" }), ctx({ workflowId: id }))).status).toBe(422);
    // Unknown version: 404.
    expect((await restore(req("POST", `/api/v1/workflows/${id}/versions/7/restore`), ctx({ workflowId: id, version: "7" }))).status).toBe(
      404,
    );
    // A viewer may not delete: 403.
    current.role = "viewer";
    expect((await remove(req("DELETE", `/api/v1/workflows/${id}`), ctx({ workflowId: id }))).status).toBe(403);
    expect(await audit(id)).toEqual([]);
  });
});
