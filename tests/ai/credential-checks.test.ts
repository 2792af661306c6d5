// Credentials are checked before anything runs: starting (or rerunning) a run whose version uses a
// credential the caller's role may not use is refused with 403 naming the credential and its roles,
// and nothing is written; publishing a graph that references a credential that does not exist
// succeeds with a warning on the node.
import { beforeAll, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { describeEachDb } from "@/tests/helpers/test-db";
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { credentialCreateSchema } from "@/lib/credentials/credential-schemas";
import { createCredential } from "@/lib/credentials/credential-service";
import { credentialReferences } from "@/lib/credentials/credential-references";
import { createWorkflow } from "@/lib/workflows/workflow-service";
import { credentialRunStartPolicy } from "@/lib/server/run-start-policy";
import { startRun } from "@/lib/engine/run-service";
import { rerunFromStep } from "@/lib/engine/rerun";
import { applyTestSecretKey } from "./helpers/secret-key";
import { useEngine } from "@/tests/engine/helpers/fixture";

const current: { role: Role; id: string } = { role: "admin", id: "u-admin" };
let app: unknown;
vi.mock("@/lib/auth/session", () => ({
  resolveUser: async () => ({
    user: { id: current.id, email: `${current.id}@x.test`, name: current.id, role: current.role },
    method: "session",
  }),
}));
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));
const { POST: startRoute } = await import("@/app/api/v1/runs/route");
const { POST: rerunRoute } = await import("@/app/api/v1/runs/[runId]/rerun/route");
const { POST: publishRoute } = await import("@/app/api/v1/workflows/[workflowId]/publish/route");

async function call(
  handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>,
  path: string,
  body: unknown,
  params: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await handler(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { host: "localhost", origin: "http://localhost", "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Start → HTTP node (credential `httpCred`) → agent with an HTTP tool (credential `toolCred`) → End. */
function draft(httpCred: string | null, toolCred: string | null): DraftGraph {
  const start = createNode("start", { id: "start", name: "Start" });
  const httpNode = createNode("http", { id: "fetch", name: "Fetch customer", position: { x: 0, y: 100 } });
  httpNode.config = { ...httpNode.config, url: "https://api.example.com/c", credentialId: httpCred };
  const agent = createNode("agent", { id: "agent", name: "Assess", position: { x: 0, y: 200 } });
  agent.config = {
    ...agent.config,
    user: "Assess",
    tools: [
      { name: "recall", type: "recall", description: "", method: "GET", url: "", requiresApproval: false },
      {
        name: "crm",
        type: "http",
        description: "CRM",
        method: "GET",
        url: "https://crm.example.com/x",
        requiresApproval: false,
        credentialId: toolCred,
      },
    ],
  } as typeof agent.config;
  const end = createNode("end", { id: "end", name: "End", position: { x: 0, y: 300 } });
  const edge = (id: string, source: string, target: string, sourceHandle = "out") => ({
    id,
    source,
    sourceHandle,
    target,
    targetHandle: "in",
  });
  return {
    schemaVersion: 1,
    nodes: [start, httpNode, agent, end],
    edges: [
      edge("a", "start", "fetch"),
      edge("b", "fetch", "agent"),
      edge("c", "agent", "end", "ok"),
      edge("d", "agent", "end", "escalate"),
    ],
  } as DraftGraph;
}

describeEachDb("credential checks before a run starts", (dialect) => {
  const { h } = useEngine(dialect, { startWorker: false });
  let opsId: string;
  let sharedId: string;

  beforeAll(async () => {
    applyTestSecretKey();
    app = {
      db: h.db,
      engine: {
        store: h.store,
        notifier: h.notifier,
        policy: credentialRunStartPolicy(h.db.sql),
        notify: () => h.notifier.notify(),
        schedulesChanged: () => undefined,
      },
    };
    opsId = (
      await createCredential(
        h.db.sql,
        credentialCreateSchema.parse({ name: "Ops API", secret: { type: "bearer", token: "ops-token-123" }, allowedRoles: ["admin"] }),
        null,
      )
    ).id;
    sharedId = (
      await createCredential(
        h.db.sql,
        credentialCreateSchema.parse({ name: "Shared API", secret: { type: "bearer", token: "shared-token-123" } }),
        null,
      )
    ).id;
  });

  async function publish(
    graph: DraftGraph,
  ): Promise<{ workflowId: string; versionId: string; warnings: { message: string; nodeId?: string; path?: string; severity: string }[] }> {
    current.role = "designer";
    const { id } = await createWorkflow(h.db, { name: `wf ${Math.random()}`, description: "", graph }, "u-designer");
    const res = await call(publishRoute, `/api/v1/workflows/${id}/publish`, { message: "v1" }, { workflowId: id });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return { workflowId: id, versionId: (res.json.version as { id: string }).id, warnings: res.json.warnings as never };
  }
  const runCount = async () => Number((await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS n FROM "Run"`))[0].n);
  const eventCount = async () => Number((await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS n FROM "RunEvent"`))[0].n);

  it("finds references in HTTP nodes and agents' HTTP tools", () => {
    expect(credentialReferences(JSON.stringify(draft("c1", "c2")))).toEqual([
      { credentialId: "c1", nodeId: "fetch", nodeName: "Fetch customer", path: "config.credentialId" },
      { credentialId: "c2", nodeId: "agent", nodeName: "Assess", path: "config.tools[1].credentialId" },
    ]);
    expect(credentialReferences(draft(null, null))).toEqual([]);
    expect(credentialReferences("not json")).toEqual([]);
  });

  it("refuses a start or rerun with 403 naming the credential and its roles, and writes nothing", async () => {
    const { workflowId, versionId, warnings } = await publish(draft(sharedId, opsId));
    expect(warnings.filter((w) => w.message.includes("Credential"))).toEqual([]);

    current.role = "designer";
    const runsBefore = await runCount();
    const eventsBefore = await eventCount();
    for (const body of [
      { versionId, input: {} },
      { workflowId, input: {} },
    ]) {
      const res = await call(startRoute, "/api/v1/runs", body);
      expect(res.status).toBe(403);
      const err = res.json.error as { code: string; message: string; details: Record<string, unknown> };
      expect(err.code).toBe("credential_forbidden");
      expect(err.message).toContain('"Ops API"');
      expect(err.message).toContain('"Assess"');
      expect(err.message).toMatch(/admin; you are designer/);
      expect(err.details).toMatchObject({ credentialId: opsId, allowedRoles: ["admin"], role: "designer", nodeIds: ["agent"] });
    }
    expect(await runCount()).toBe(runsBefore);
    expect(await eventCount()).toBe(eventsBefore);

    // an allowed role starts it
    current.role = "admin";
    const ok = await call(startRoute, "/api/v1/runs", { versionId, input: {} });
    expect(ok.status).toBe(201);
    expect(await runCount()).toBe(runsBefore + 1);

    // a rerun by a designer would act with the designer's role: refused the same way
    current.role = "designer";
    const runId = (ok.json.run as { id: string }).id;
    const rerun = await call(rerunRoute, `/api/v1/runs/${runId}/rerun`, { nodeId: "agent" }, { runId });
    expect(rerun.status).toBe(403);
    expect((rerun.json.error as { code: string }).code).toBe("credential_forbidden");
    expect(await runCount()).toBe(runsBefore + 1);

    // a version whose credentials all allow designers starts for a designer
    const shared = await publish(draft(sharedId, sharedId));
    current.role = "designer";
    expect((await call(startRoute, "/api/v1/runs", { versionId: shared.versionId, input: {} })).status).toBe(201);
  });

  it("follows Sub-workflow nodes: a child run would act for the same person, so its credentials count too", async () => {
    const child = await publish(draft(opsId, null));
    const start = createNode("start", { id: "start", name: "Start" });
    const sub = createNode("subworkflow", { id: "call", name: "Call child", position: { x: 0, y: 100 } });
    sub.config = { ...sub.config, workflowId: child.workflowId };
    const end = createNode("end", { id: "end", name: "End", position: { x: 0, y: 200 } });
    const parent = await publish({
      schemaVersion: 1,
      nodes: [start, sub, end],
      edges: [
        { id: "a", source: "start", sourceHandle: "out", target: "call", targetHandle: "in" },
        { id: "b", source: "call", sourceHandle: "out", target: "end", targetHandle: "in" },
      ],
    } as DraftGraph);
    current.role = "designer";
    const before = await runCount();
    const res = await call(startRoute, "/api/v1/runs", { versionId: parent.versionId, input: {} });
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({
      code: "credential_forbidden",
      message: expect.stringContaining('"Call child → Fetch customer"'),
      details: { nodeIds: ["call"] },
    });
    expect(await runCount()).toBe(before);
    current.role = "admin";
    expect((await call(startRoute, "/api/v1/runs", { versionId: parent.versionId, input: {} })).status).toBe(201);
  });

  it("startRun and rerunFromStep check the policy themselves, so a start path without a route (webhook, schedule) is refused too", async () => {
    const { workflowId, versionId } = await publish(draft(sharedId, opsId));
    const designerId = `designer-${Math.random()}`;
    await h.db.prisma.user.create({ data: { id: designerId, name: "Des", email: `${designerId}@x.test`, role: "designer" } });
    const deps = { store: h.store, notifier: h.notifier, policy: credentialRunStartPolicy(h.db.sql) };
    const before = await runCount();
    // No role given: the policy looks up the initiator's role.
    await expect(startRun(deps, { workflowId, input: {}, initiatorId: designerId })).rejects.toMatchObject({
      code: "credential_forbidden",
      status: 403,
    });
    await expect(startRun(deps, { versionId, input: {}, initiatorId: designerId, initiatorRole: "designer" })).rejects.toMatchObject({
      code: "credential_forbidden",
    });
    expect(await runCount()).toBe(before);
    // A run without a user (system trigger) acts with the admin's trust, as at execution time.
    const system = await startRun(deps, { workflowId, input: {}, initiatorId: null });
    await expect(rerunFromStep(deps, { runId: system.id, nodeId: "agent", version: "original", userId: designerId })).rejects.toMatchObject(
      {
        code: "credential_forbidden",
      },
    );
    expect(await runCount()).toBe(before + 1);
  });

  it("publishing warns about a credential that does not exist, and starting such a version is refused", async () => {
    const { versionId, warnings } = await publish(draft("cred-deleted", sharedId));
    expect(warnings).toContainEqual({
      severity: "warning",
      code: "missing_credential",
      nodeId: "fetch",
      path: "config.credentialId",
      message: expect.stringContaining("Credential cred-deleted does not exist"),
    });
    current.role = "admin";
    const before = await runCount();
    const res = await call(startRoute, "/api/v1/runs", { versionId, input: {} });
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: "credential_missing", message: expect.stringContaining('"Fetch customer"') });
    expect(await runCount()).toBe(before);
  });
});
