// Check-then-act races on a workflow: simultaneous publishes of one workflow get distinct,
// consecutive version numbers (each audited once), never a duplicate and never a 500; simultaneous
// draft saves against one revision have exactly one winner, the others a 409 with the current draft.
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/auth/roles";
import { verifyChain } from "@/lib/db/audit-store";
import { DomainError } from "@/lib/errors/domain-error";
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { defaultGraph } from "@/lib/workflows/default-graph";
import { createWorkflow, getWorkflow, publishWorkflow, saveDraft } from "@/lib/workflows/workflow-service";
import { createTestDb, describeEachDb, type TestDatabase } from "../helpers/test-db";

const STORM = 10;
const current: { role: Role; id: string } = { role: "designer", id: "" };
let app: unknown;
vi.mock("@/lib/auth/session", () => ({
  resolveUser: async () => ({
    user: { id: current.id, email: `${current.id}@x.test`, name: "Dana", role: current.role },
    method: "session",
  }),
}));
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));
const { POST: publishRoute } = await import("@/app/api/v1/workflows/[workflowId]/publish/route");
const { PATCH: patchRoute } = await import("@/app/api/v1/workflows/[workflowId]/route");

function withTransform(expression: string): DraftGraph {
  const graph = defaultGraph();
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

function call(method: string, path: string, body: unknown): Request {
  return new Request(`http://localhost${path}`, {
    method,
    headers: { host: "localhost", origin: "http://localhost", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describeEachDb("publish and draft storms", (dialect) => {
  let db: TestDatabase;
  const userId = randomUUID();
  const actor = { id: userId, authMethod: "session" as const };
  const storedVersions = async (id: string) =>
    (await db.sql.all<{ version: number }>(`SELECT "version" FROM "WorkflowVersion" WHERE "workflowId"=? ORDER BY "version"`, [id])).map(
      (r) => Number(r.version),
    );
  const publishAudits = async (id: string) =>
    (await db.sql.all<{ data: string }>(`SELECT "data" FROM "AuditEvent" WHERE "targetId"=? AND "action"='workflow.published'`, [id])).map(
      (r) => (JSON.parse(r.data) as { version: number }).version,
    );
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  beforeAll(async () => {
    db = await createTestDb(dialect);
    await db.prisma.user.create({ data: { id: userId, name: "Dana", email: `${userId}@example.com`, role: "designer" } });
    app = { db, engine: { notify: () => undefined, schedulesChanged: () => undefined } };
  });
  afterAll(async () => {
    await db?.drop();
  });
  beforeEach(() => {
    current.id = userId;
  });

  it(`${STORM} simultaneous publishes get versions 1..${STORM}, each audited once`, async () => {
    const { id } = await createWorkflow(db, { name: "Storm", description: "", graph: withTransform("$.input") }, userId);
    const results = await Promise.allSettled(range(STORM).map((i) => publishWorkflow(db, id, { message: `p${i}` }, actor)));
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected.map((r) => String(r.reason))).toEqual([]);
    const numbers = results.map((r) => (r.status === "fulfilled" ? r.value.version.version : 0)).sort((a, b) => a - b);
    expect(numbers).toEqual(range(STORM));
    expect(await storedVersions(id)).toEqual(range(STORM));
    expect((await publishAudits(id)).sort((a, b) => a - b)).toEqual(range(STORM));
    expect((await getWorkflow(db, id)).latestVersion?.version).toBe(STORM);
    expect((await verifyChain(db.sql)).ok).toBe(true);
  });

  it(`${STORM} simultaneous publish requests answer 201 (or 409), never 500, with no duplicate version`, async () => {
    const { id } = await createWorkflow(db, { name: "Route storm", description: "", graph: withTransform("$.input") }, userId);
    const responses = await Promise.all(
      range(STORM).map((i) =>
        publishRoute(call("POST", `/api/v1/workflows/${id}/publish`, { message: `r${i}` }), {
          params: Promise.resolve({ workflowId: id }),
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = statuses.filter((s) => s === 201).length;
    expect(created).toBe(STORM); // the row lock serialises them: nobody even has to retry
    expect(await storedVersions(id)).toEqual(range(created));
    expect((await publishAudits(id)).sort((a, b) => a - b)).toEqual(range(created));
  });

  it("publishes racing a draft save with expectedRevision: the stale ones get draft_conflict, no version is skipped", async () => {
    const { id } = await createWorkflow(db, { name: "Stale", description: "", graph: withTransform("$.input") }, userId);
    const outcomes = await Promise.allSettled([
      ...range(5).map(() => publishWorkflow(db, id, { message: "at rev 0", expectedRevision: 0 }, actor)),
      saveDraft(db, id, { graph: withTransform("$.input.x"), expectedRevision: 0 }, userId),
    ]);
    for (const o of outcomes) {
      if (o.status === "rejected") expect(o.reason).toMatchObject({ code: "draft_conflict", status: 409 });
    }
    const published = outcomes.slice(0, 5).filter((o) => o.status === "fulfilled").length;
    expect(await storedVersions(id)).toEqual(range(published));
    expect((await getWorkflow(db, id)).draft.revision).toBe(outcomes[5].status === "fulfilled" ? 1 : 0);
  });

  it(`${STORM} simultaneous draft saves of one revision: one wins, the others get 409 with the winner's draft`, async () => {
    const { id } = await createWorkflow(db, { name: "Drafts", description: "", graph: withTransform("$.input") }, userId);
    const results = await Promise.allSettled(
      range(STORM).map((i) => saveDraft(db, id, { graph: withTransform(`$.input.f${i}`), expectedRevision: 0 }, userId)),
    );
    const winners = results.filter((r) => r.status === "fulfilled");
    expect(winners).toHaveLength(1);
    expect((winners[0] as PromiseFulfilledResult<{ revision: number }>).value.revision).toBe(1);
    const draft = (await getWorkflow(db, id)).draft;
    expect(draft.revision).toBe(1);
    for (const r of results) {
      if (r.status === "fulfilled") continue;
      expect(r.reason).toBeInstanceOf(DomainError);
      expect(r.reason).toMatchObject({ code: "draft_conflict", status: 409, details: { draft: { revision: 1 } } });
    }

    // Through the route: the same race answers one 200 and 409s, never a 500.
    const responses = await Promise.all(
      range(STORM).map((i) =>
        patchRoute(call("PATCH", `/api/v1/workflows/${id}`, { graph: withTransform(`$.input.g${i}`), expectedRevision: 1 }), {
          params: Promise.resolve({ workflowId: id }),
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(STORM - 1).fill(409)]);
    expect((await getWorkflow(db, id)).draft.revision).toBe(2);
  });
});
