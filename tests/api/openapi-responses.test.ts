// Real answers against the OpenAPI document: every GET route and a sample of changes are called
// through their handlers on a real database (both dialects), and each JSON body is validated with Ajv
// against the schema the document gives for that operation and status. A route whose answer drifts
// from its declared `response` schema fails here.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { buildOpenApiDocument, openApiPath, type OpenApiDocument } from "@/lib/api/openapi/build-document";
import { loadRouteModules } from "@/app/api/v1/openapi.json/route-index";
import { createRouteWorld, routeWorld, type RouteWorld } from "./helpers/route-fixtures";
import { docValidator, type DocValidator } from "./helpers/openapi-validator";

vi.mock("@/lib/auth/session", () => ({ resolveUser: async () => ({ user: routeWorld.user, method: "session" }) }));
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => routeWorld.app }));

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const HEADERS = { host: "localhost", origin: "http://localhost", "content-type": "application/json" };

describeEachDb("OpenAPI responses", (dialect) => {
  let w: RouteWorld;
  let doc: OpenApiDocument;
  let v: DocValidator;
  let modules: Map<string, Record<string, unknown>>;
  beforeAll(async () => {
    w = await createRouteWorld(dialect);
    const loaded = await loadRouteModules();
    modules = new Map(loaded.map((m) => [m.folder, m.module]));
    doc = buildOpenApiDocument(loaded);
    v = docValidator(doc);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  /** Calls folder's `method` with the fixture admin and checks status and body against the document. */
  async function call(
    method: string,
    folder: string,
    params: Record<string, string>,
    opts: { query?: string; body?: unknown; status?: number } = {},
  ) {
    const handler = modules.get(folder)?.[method] as Handler;
    const init: RequestInit = { method, headers: HEADERS };
    if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
    const res = await handler(new Request(`http://localhost/api/v1/${folder}${opts.query ?? ""}`, init), {
      params: Promise.resolve(params),
    });
    const json: unknown = await res.json();
    const where = `${method} ${folder} → ${res.status}`;
    expect(res.status, `${where} ${JSON.stringify(json).slice(0, 300)}`).toBe(opts.status ?? res.status);
    const problems = v.problems(v.responseSchema(method, openApiPath(folder), res.status), json);
    expect(problems, `${where} ${JSON.stringify(json).slice(0, 600)}`).toEqual([]);
    return { status: res.status, json: json as Record<string, unknown> };
  }

  it("answers every GET route with the document's schema", async () => {
    const { fx } = w;
    const created = await call("POST", "workflows/[workflowId]/webhooks", { workflowId: fx.workflowId }, { status: 201 });
    const erasure = await call("POST", "governance/erasures", {}, { body: { subject: "cust-404" }, status: 201 });
    const wf = { workflowId: fx.workflowId };
    const dataset = await call("POST", "workflows/[workflowId]/datasets", wf, {
      body: { source: "rows", name: "One row", rows: [{ input: {}, expected: null }] },
      status: 201,
    });
    const datasetId = String((dataset.json as { dataset: { id: string } }).dataset.id);
    const evaluation = await call("POST", "workflows/[workflowId]/evaluations", wf, {
      body: { datasetId, target: "draft", graders: [{ kind: "exact" }] },
      status: 201,
    });
    const p: Record<string, string> = {
      runId: fx.runId,
      taskId: fx.taskId,
      workflowId: fx.workflowId,
      credentialId: fx.credentialId,
      providerId: fx.providerId,
      entryId: fx.memoryEntryId,
      userId: fx.adminId,
      eventId: "1",
      version: "1",
      stepKey: "ap",
      triggerId: String(created.json.triggerId),
      erasureId: String((erasure.json as { erasure: { id: string } }).erasure.id),
      datasetId,
      evaluationId: String((evaluation.json as { evaluation: { id: string } }).evaluation.id),
    };
    const queries: Record<string, string> = {
      "memory/[workflowId]/entries": "?subject=cust-1",
      "runs/[runId]/view/events": "?before=999999",
      "schedules/preview": "?cron=0%209%20*%20*%201&timezone=Europe%2FBerlin",
    };
    let n = 0;
    for (const [folder, mod] of modules) {
      // The event stream never ends; tests/monitoring/sse.test.ts covers it. The MCP endpoint's GET
      // answers 405 by design (stateless: no standalone stream); tests/ai/mcp-endpoint.test.ts covers it.
      if (
        typeof mod.GET !== "function" ||
        folder === "events" ||
        folder === "workflows/[workflowId]/export" ||
        folder === "audit/export" ||
        folder === "mcp" ||
        // the route world has no MCP server (one needs a live server to list its tools); tests/ai/mcp-tools.test.ts reads it
        folder === "mcp-servers/[serverId]"
      )
        continue;
      const params = Object.fromEntries([...folder.matchAll(/\[(\w+)\]/g)].map((m) => [m[1], p[m[1]]]));
      await call("GET", folder, params, { query: queries[folder], status: 200 });
      n++;
    }
    expect(n).toBeGreaterThan(25);
    // Error answers follow the document too.
    await call("GET", "runs/[runId]", { runId: "no-such-run" }, { status: 404 });
    await call("GET", "runs", {}, { query: "?limit=0", status: 400 });
  }, 60_000);

  it("answers a sample of changes with the document's schema", async () => {
    const { fx } = w;
    const wf = { workflowId: fx.workflowId };
    await call("POST", "workflows", {}, { body: { name: "Doc check" }, status: 201 });
    await call("POST", "workflows/[workflowId]/duplicate", wf, { status: 201 });
    await call("PATCH", "workflows/[workflowId]", wf, { body: { name: "Renamed" }, status: 200 });
    await call("POST", "workflows/[workflowId]/publish", wf, { body: { message: "again" }, status: 201 });
    await call("POST", "workflows/[workflowId]/versions/[version]/restore", { ...wf, version: "1" }, { status: 200 });
    await call("POST", "workflows/[workflowId]/versions/[version]/live", { ...wf, version: "1" }, { status: 200 });
    await call("POST", "tasks/[taskId]/comments", { taskId: fx.taskId }, { body: { body: "Looks fine" }, status: 201 });
    await call("POST", "notifications/read", {}, { body: { all: true }, status: 200 });
    await call(
      "POST",
      "users",
      {},
      { body: { name: "Rita", email: "rita@fixture.test", password: "password123", role: "reviewer" }, status: 201 },
    );
    await call("POST", "credentials", {}, { body: { name: "Other", secret: { type: "bearer", token: "tok-999888777666" } }, status: 201 });
    await call("POST", "runs/bulk", {}, { body: { action: "cancel", target: { runIds: [fx.runId] }, dryRun: true }, status: 200 });
    await call("POST", "runs", {}, { body: { versionId: fx.versionId, input: { a: 2 } }, status: 201 });
    await call("POST", "runs/[runId]/cancel", { runId: fx.runId }, { body: {}, status: 200 });
    await call("POST", "runs/[runId]/cancel", { runId: fx.runId }, { body: {}, status: 409 });
  }, 60_000);
});
