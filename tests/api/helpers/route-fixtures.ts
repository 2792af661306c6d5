// A real database with one of everything a body route acts on (a signed-in admin, a published
// workflow with a run waiting on an approval task, a credential, a provider, a memory fact), the app
// context the route handlers read, and the table of every API route that takes a body with the
// params that point at those fixtures. Import it after mocking @/lib/auth/session and
// @/lib/server/app-context (the test file sets `app` and the stubbed user through `routeWorld`).
import { createUser } from "@/lib/auth/users";
import { parseEnv } from "@/lib/env";
import { createAuth } from "@/lib/auth/auth";
import { createCredential } from "@/lib/credentials/credential-service";
import { credentialCreateSchema } from "@/lib/credentials/credential-schemas";
import { createProvider } from "@/lib/providers/provider-service";
import { createMcpServer } from "@/lib/mcp/mcp-server-service";
import { mcpServerCreateSchema } from "@/lib/mcp/mcp-schemas";
import { providerCreateSchema } from "@/lib/providers/provider-schemas";
import { upsertFact } from "@/lib/memory/agent-memory";
import { startRun } from "@/lib/engine/run-service";
import { routeSpecOf, type RouteBodySpec } from "@/lib/api/route-specs";
import { createHarness, type Harness } from "@/tests/engine/helpers/engine";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { applyTestSecretKey } from "@/tests/ai/helpers/secret-key";
import type { Dialect } from "@/tests/helpers/test-db";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface BodyRoute {
  name: string;
  method: "POST" | "PATCH" | "PUT";
  path: string;
  params: Record<string, string>;
  handler: Handler;
  spec: RouteBodySpec;
}

export interface Fixtures {
  adminId: string;
  workflowId: string;
  versionId: string;
  runId: string;
  taskId: string;
  credentialId: string;
  providerId: string;
  memoryEntryId: string;
  mcpServerId: string;
}

/** What the mocks read: the app context and the signed-in user. */
export const routeWorld: { app: unknown; user: { id: string; email: string; name: string; role: "admin" } } = {
  app: undefined,
  user: { id: "", email: "admin@fixture.test", name: "Admin", role: "admin" },
};

export interface RouteWorld {
  h: Harness;
  fx: Fixtures;
  routes: BodyRoute[];
  close(): Promise<void>;
}

export async function createRouteWorld(dialect: Dialect): Promise<RouteWorld> {
  applyTestSecretKey();
  const h = await createHarness(dialect);
  const env = parseEnv({ SWITCHYARD_SIGNIN_RATE_LIMIT: "100000" });
  const auth = createAuth({ env, db: h.db, secret: "s".repeat(40) });
  routeWorld.app = {
    env,
    db: h.db,
    auth,
    engine: { store: h.store, notifier: h.notifier, notify: () => h.notifier.notify(), schedulesChanged: () => undefined },
  };

  const admin = await createUser(
    h.db.sql,
    { name: "Admin", email: "admin@fixture.test", password: "password123", role: "admin" },
    { id: null, type: "system" },
  );
  routeWorld.user.id = admin.id;
  const doc = graph()
    .start()
    .node({ id: "ap", kind: "approval", config: { assignees: { users: [], roles: ["admin"] }, instructions: "ok?", payload: "$.input" } })
    .end("end", "$.steps.ap.output")
    .edge("start", "ap")
    .edge("ap", "end", "approved")
    .edge("ap", "end", "rejected")
    .build();
  const { workflowId, versionId } = await publish(h.db.sql, doc);
  const run = await startRun(h.deps, { versionId, input: { a: 1 }, initiatorId: admin.id });
  await h.waitFor(run.id, ["waiting"]);
  // Nothing may write in the background while tests compare snapshots.
  await h.worker.stop({ graceMs: 1000 });
  const [task] = await h.db.sql.all<{ id: string }>(`SELECT "id" FROM "Task" WHERE "runId"=?`, [run.id]);
  const credential = await createCredential(
    h.db.sql,
    credentialCreateSchema.parse({ name: "CRM", secret: { type: "bearer", token: "tok-000111222333" } }),
    admin.id,
  );
  const provider = await createProvider(h.db.sql, providerCreateSchema.parse({ name: "Local", defaultModel: "m-1" }), admin.id);
  await h.db.sql.tx((q) =>
    upsertFact(
      q,
      h.db.sql.dialect,
      { workflowId, subjectKey: "cust-1", runId: null, now: Date.now(), retentionDays: null },
      "tier",
      "gold",
    ),
  );
  const [entry] = await h.db.sql.all<{ id: string }>(`SELECT "id" FROM "MemoryEntry" WHERE "workflowId"=?`, [workflowId]);
  const mcpServer = await createMcpServer(
    h.db.sql,
    mcpServerCreateSchema.parse({ name: "Tools", transport: "http", url: "https://mcp.example.com/mcp" }),
    admin.id,
    {},
  );
  const fx: Fixtures = {
    adminId: admin.id,
    workflowId,
    versionId,
    runId: run.id,
    taskId: task.id,
    credentialId: credential.id,
    providerId: provider.id,
    memoryEntryId: entry.id,
    mcpServerId: mcpServer.id,
  };
  const routes = await bodyRoutes(fx);
  return {
    h,
    fx,
    routes,
    async close() {
      const { disposeEventHub } = await import("@/lib/monitoring/event-hub-instance");
      await disposeEventHub();
      await h.close();
    },
  };
}

/** Every API route that reads a body (apiRoute with a body schema), with params naming the fixtures. */
async function bodyRoutes(fx: Fixtures): Promise<BodyRoute[]> {
  const r = (name: string, method: BodyRoute["method"], path: string, params: Record<string, string>, handler: unknown): BodyRoute => {
    const spec = routeSpecOf(handler as Handler);
    if (!spec?.body) throw new Error(`${name} is not an apiRoute with a body schema`);
    return { name, method, path, params, handler: handler as Handler, spec };
  };
  const wf = { workflowId: fx.workflowId };
  return [
    r("credentials.create", "POST", "/api/v1/credentials", {}, (await import("@/app/api/v1/credentials/route")).POST),
    r(
      "credentials.patch",
      "PATCH",
      `/api/v1/credentials/${fx.credentialId}`,
      { credentialId: fx.credentialId },
      (await import("@/app/api/v1/credentials/[credentialId]/route")).PATCH,
    ),
    r(
      "memory.entry.patch",
      "PATCH",
      "/api/v1/memory/x/entries/y",
      { ...wf, entryId: fx.memoryEntryId },
      (await import("@/app/api/v1/memory/[workflowId]/entries/[entryId]/route")).PATCH,
    ),
    r("memory.retention", "PATCH", "/api/v1/memory/x", wf, (await import("@/app/api/v1/memory/[workflowId]/route")).PATCH),
    r("events.publish", "POST", "/api/v1/events", {}, (await import("@/app/api/v1/events/route")).POST),
    r("notifications.read", "POST", "/api/v1/notifications/read", {}, (await import("@/app/api/v1/notifications/read/route")).POST),
    r("mcpServers.create", "POST", "/api/v1/mcp-servers", {}, (await import("@/app/api/v1/mcp-servers/route")).POST),
    r(
      "mcpServers.patch",
      "PATCH",
      "/api/v1/mcp-servers/x",
      { serverId: fx.mcpServerId },
      (await import("@/app/api/v1/mcp-servers/[serverId]/route")).PATCH,
    ),
    r("providers.create", "POST", "/api/v1/providers", {}, (await import("@/app/api/v1/providers/route")).POST),
    r(
      "providers.patch",
      "PATCH",
      "/api/v1/providers/x",
      { providerId: fx.providerId },
      (await import("@/app/api/v1/providers/[providerId]/route")).PATCH,
    ),
    r("runs.start", "POST", "/api/v1/runs", {}, (await import("@/app/api/v1/runs/route")).POST),
    r("runs.bulk", "POST", "/api/v1/runs/bulk", {}, (await import("@/app/api/v1/runs/bulk/route")).POST),
    r("runs.cancel", "POST", "/api/v1/runs/x/cancel", { runId: fx.runId }, (await import("@/app/api/v1/runs/[runId]/cancel/route")).POST),
    r("runs.rerun", "POST", "/api/v1/runs/x/rerun", { runId: fx.runId }, (await import("@/app/api/v1/runs/[runId]/rerun/route")).POST),
    r("runs.retry", "POST", "/api/v1/runs/x/retry", { runId: fx.runId }, (await import("@/app/api/v1/runs/[runId]/retry/route")).POST),
    r(
      "tasks.comment",
      "POST",
      "/api/v1/tasks/x/comments",
      { taskId: fx.taskId },
      (await import("@/app/api/v1/tasks/[taskId]/comments/route")).POST,
    ),
    r(
      "tasks.decide",
      "POST",
      "/api/v1/tasks/x/decide",
      { taskId: fx.taskId },
      (await import("@/app/api/v1/tasks/[taskId]/decide/route")).POST,
    ),
    r(
      "tasks.claim",
      "POST",
      "/api/v1/tasks/x/claim",
      { taskId: fx.taskId },
      (await import("@/app/api/v1/tasks/[taskId]/claim/route")).POST,
    ),
    r("tasks.bulkDecide", "POST", "/api/v1/tasks/bulk-decide", {}, (await import("@/app/api/v1/tasks/bulk-decide/route")).POST),
    r("integrations.chat", "PATCH", "/api/v1/integrations/chat", {}, (await import("@/app/api/v1/integrations/chat/route")).PATCH),
    r("workflows.chat", "PATCH", "/api/v1/workflows/x/chat", wf, (await import("@/app/api/v1/workflows/[workflowId]/chat/route")).PATCH),
    r(
      "workflows.alerts",
      "PATCH",
      "/api/v1/workflows/x/alerts",
      wf,
      (await import("@/app/api/v1/workflows/[workflowId]/alerts/route")).PATCH,
    ),
    r("workflows.mcp", "PUT", "/api/v1/workflows/x/mcp", wf, (await import("@/app/api/v1/workflows/[workflowId]/mcp/route")).PUT),
    r("delegations.create", "POST", "/api/v1/delegations", {}, (await import("@/app/api/v1/delegations/route")).POST),
    r(
      "tasks.reassign",
      "POST",
      "/api/v1/tasks/x/reassign",
      { taskId: fx.taskId },
      (await import("@/app/api/v1/tasks/[taskId]/reassign/route")).POST,
    ),
    r("apiKeys.create", "POST", "/api/v1/api-keys", {}, (await import("@/app/api/v1/api-keys/route")).POST),
    r("account.password", "POST", "/api/v1/account/password", {}, (await import("@/app/api/v1/account/password/route")).POST),
    r("users.create", "POST", "/api/v1/users", {}, (await import("@/app/api/v1/users/route")).POST),
    r("audit.verify", "POST", "/api/v1/audit/verify", {}, (await import("@/app/api/v1/audit/verify/route")).POST),
    r("users.patch", "PATCH", "/api/v1/users/x", { userId: fx.adminId }, (await import("@/app/api/v1/users/[userId]/route")).PATCH),
    r("workflows.create", "POST", "/api/v1/workflows", {}, (await import("@/app/api/v1/workflows/route")).POST),
    r(
      "workflows.testRun",
      "POST",
      "/api/v1/workflows/x/test-runs",
      wf,
      (await import("@/app/api/v1/workflows/[workflowId]/test-runs/route")).POST,
    ),
    r(
      "workflows.pin",
      "PUT",
      "/api/v1/workflows/x/pins/ap",
      { ...wf, nodeId: "ap" },
      (await import("@/app/api/v1/workflows/[workflowId]/pins/[nodeId]/route")).PUT,
    ),
    r(
      "workflows.datasets",
      "POST",
      "/api/v1/workflows/x/datasets",
      wf,
      (await import("@/app/api/v1/workflows/[workflowId]/datasets/route")).POST,
    ),
    r(
      "workflows.evaluations",
      "POST",
      "/api/v1/workflows/x/evaluations",
      wf,
      (await import("@/app/api/v1/workflows/[workflowId]/evaluations/route")).POST,
    ),
    r(
      "workflows.evaluationSettings",
      "PUT",
      "/api/v1/workflows/x/evaluation-settings",
      wf,
      (await import("@/app/api/v1/workflows/[workflowId]/evaluation-settings/route")).PUT,
    ),
    r(
      "workflows.stepTest",
      "POST",
      "/api/v1/workflows/x/nodes/ap/test",
      { ...wf, nodeId: "ap" },
      (await import("@/app/api/v1/workflows/[workflowId]/nodes/[nodeId]/test/route")).POST,
    ),
    r("workflows.patch", "PATCH", "/api/v1/workflows/x", wf, (await import("@/app/api/v1/workflows/[workflowId]/route")).PATCH),
    r(
      "workflows.publish",
      "POST",
      "/api/v1/workflows/x/publish",
      wf,
      (await import("@/app/api/v1/workflows/[workflowId]/publish/route")).POST,
    ),
    r("workflows.import", "POST", "/api/v1/workflows/import", {}, (await import("@/app/api/v1/workflows/import/route")).POST),
    r(
      "webhooks.rotate",
      "POST",
      "/api/v1/workflows/x/webhooks/y/rotate",
      { ...wf, triggerId: "no-such-trigger" },
      (await import("@/app/api/v1/workflows/[workflowId]/webhooks/[triggerId]/rotate/route")).POST,
    ),
    r(
      "schedules.pause",
      "PATCH",
      "/api/v1/workflows/x/schedules/y",
      { ...wf, triggerId: "no-such-trigger" },
      (await import("@/app/api/v1/workflows/[workflowId]/schedules/[triggerId]/route")).PATCH,
    ),
    r("governance.retention", "PATCH", "/api/v1/governance/retention", {}, (await import("@/app/api/v1/governance/retention/route")).PATCH),
    r(
      "governance.workflowRetention",
      "PATCH",
      "/api/v1/governance/retention/workflows/x",
      wf,
      (await import("@/app/api/v1/governance/retention/workflows/[workflowId]/route")).PATCH,
    ),
    r(
      "governance.personalData",
      "PATCH",
      "/api/v1/governance/personal-data",
      {},
      (await import("@/app/api/v1/governance/personal-data/route")).PATCH,
    ),
    r("governance.erasure", "POST", "/api/v1/governance/erasures", {}, (await import("@/app/api/v1/governance/erasures/route")).POST),
    r(
      "governance.subjectRuns",
      "POST",
      "/api/v1/governance/subject-runs",
      {},
      (await import("@/app/api/v1/governance/subject-runs/route")).POST,
    ),
    r(
      "runs.legalHold",
      "POST",
      "/api/v1/runs/x/legal-hold",
      { runId: fx.runId },
      (await import("@/app/api/v1/runs/[runId]/legal-hold/route")).POST,
    ),
  ];
}

const HEADERS = { host: "localhost", origin: "http://localhost", "content-type": "application/json" };

/** Calls a route with a JSON text body (or a stream) as the signed-in fixture admin. */
export async function callRoute(route: BodyRoute, body: string | ReadableStream<Uint8Array>): Promise<Response> {
  const init: RequestInit & { duplex?: "half" } = { method: route.method, headers: HEADERS, body };
  if (typeof body !== "string") init.duplex = "half";
  return route.handler(new Request(`http://localhost${route.path}`, init), { params: Promise.resolve(route.params) });
}

/** Every table's rows, so a test can prove that a refused request changed nothing. */
export async function snapshotDb(h: Harness): Promise<Map<string, string>> {
  const tables =
    h.db.sql.dialect === "sqlite"
      ? await h.db.sql.all<{ name: string }>(
          `SELECT "name" FROM sqlite_master WHERE type='table' AND "name" NOT LIKE 'sqlite_%' AND "name" NOT LIKE '_prisma%'`,
        )
      : await h.db.sql.all<{ name: string }>(
          `SELECT tablename AS "name" FROM pg_tables WHERE schemaname='public' AND tablename NOT LIKE '_prisma%'`,
        );
  const out = new Map<string, string>();
  for (const { name } of tables) {
    const rows = await h.db.sql.all<Record<string, unknown>>(`SELECT * FROM "${name}"`);
    out.set(
      name,
      rows
        .map((row) => JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)))
        .sort()
        .join("\n"),
    );
  }
  return out;
}

/** Names of the tables whose rows differ between two snapshots. */
export function changedTables(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((t) => a.get(t) !== b.get(t));
}

/**
 * A request body that streams `totalBytes` of JSON-looking text in 64 KiB chunks, generated only as
 * it is read (as a chunked upload without Content-Length arrives), counting what was pulled.
 */
export function chunkedBody(totalBytes: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  const CHUNK = 64 * 1024;
  const chunk = new TextEncoder().encode(`{"x":"${"a".repeat(CHUNK - 6)}`.slice(0, CHUNK));
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= totalBytes) return controller.close();
        // A fresh copy per chunk, as a socket delivers new buffers.
        controller.enqueue(chunk.slice());
        sent += CHUNK;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => sent };
}
