// API keys end to end through the real route handlers and the real key check (only the app context
// is injected): create, use, expire, revoke (401 at once), rotate, workflow scope, role ceiling, keys
// never in clear (not in any ApiKey column, not in the audit data), and every key action audited.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createKey, listKeys, revokeKey, rotateKey } from "@/lib/auth/api-key-service";
import { TOUCH_INTERVAL_MS, verifyApiKey } from "@/lib/auth/api-keys";
import { roleWithin } from "@/lib/auth/role-ceiling";
import type { SessionUser } from "@/lib/auth/session";
import { createUser } from "@/lib/auth/users";
import { verifyChain } from "@/lib/db/audit-store";
import { updateUser } from "@/lib/db/user-store";
import { parseEnv } from "@/lib/env";
import { describeEachDb } from "@/tests/helpers/test-db";
import { createHarness, type Harness } from "@/tests/engine/helpers/engine";
import { graph, publish } from "@/tests/engine/helpers/graph";

let app: unknown;
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));

const runs = await import("@/app/api/v1/runs/route");
const runById = await import("@/app/api/v1/runs/[runId]/route");
const workflows = await import("@/app/api/v1/workflows/route");
const bulk = await import("@/app/api/v1/runs/bulk/route");
const keysRoute = await import("@/app/api/v1/api-keys/route");
const users = await import("@/app/api/v1/users/route");

const system = { id: null, type: "system" } as const;

function call(
  handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>,
  opts: { key?: string; method?: string; url?: string; body?: unknown; params?: Record<string, string>; headers?: Record<string, string> },
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json", ...opts.headers };
  if (opts.key !== undefined) headers.authorization = `Bearer ${opts.key}`;
  return handler(
    new Request(opts.url ?? "http://localhost/api/v1/x", {
      method: opts.method ?? "GET",
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    }),
    { params: Promise.resolve(opts.params ?? {}) },
  );
}

describe("role ceiling", () => {
  it("follows the permission table", () => {
    expect(roleWithin("designer", "admin")).toBe(true);
    expect(roleWithin("viewer", "reviewer")).toBe(true);
    expect(roleWithin("admin", "designer")).toBe(false);
    expect(roleWithin("designer", "reviewer")).toBe(false);
    expect(roleWithin("reviewer", "designer")).toBe(false);
  });
});

describeEachDb("API keys", (dialect) => {
  let h: Harness;
  let trustProxy = false;
  let admin: SessionUser;
  let designer: SessionUser;
  let reviewer: SessionUser;
  let wfA: string;
  let wfB: string;
  const secrets: string[] = [];

  const mkUser = async (email: string, role: SessionUser["role"]): Promise<SessionUser> => {
    const u = await createUser(h.db.sql, { name: email, email, password: "password123", role }, system);
    return { id: u.id, email: u.email, name: u.name, role: u.role };
  };
  const issue = async (owner: SessionUser, input: Parameters<typeof createKey>[2]) => {
    const issued = await createKey(h.db.sql, owner, input);
    secrets.push(issued.secret);
    return issued;
  };
  const startRun = (key: string, body: unknown) => call(runs.POST, { key, method: "POST", url: "http://localhost/api/v1/runs", body });
  const getRun = (key: string, runId: string) => call(runById.GET, { key, params: { runId } });

  beforeAll(async () => {
    h = await createHarness(dialect, { startWorker: false });
    app = {
      db: h.db,
      engine: { store: h.store, notifier: h.notifier, notify: () => undefined, schedulesChanged: () => undefined },
      get env() {
        return parseEnv({ SWITCHYARD_TRUST_PROXY: trustProxy ? "true" : "false" });
      },
    };
    admin = await mkUser("admin@keys.test", "admin");
    designer = await mkUser("designer@keys.test", "designer");
    reviewer = await mkUser("reviewer@keys.test", "reviewer");
    ({ workflowId: wfA } = await publish(h.db.sql, graph().start().end("end", "$.input").edge("start", "end").build()));
    ({ workflowId: wfB } = await publish(h.db.sql, graph().start().end("end", "$.input").edge("start", "end").build()));
  });
  afterAll(async () => {
    await h?.close();
  });

  it("creates a key shown once with a visible prefix, and starts a run with it (trigger api)", async () => {
    const { key, secret } = await issue(designer, { name: "CRM", role: "designer" });
    expect(secret).toMatch(/^sy_[0-9a-f]{8}_[A-Za-z0-9_-]{32}$/);
    expect(secret.startsWith(`sy_${key.prefix}_`)).toBe(true);
    expect(key).toMatchObject({ name: "CRM", role: "designer", expiresAt: null, workflowIds: null, revokedAt: null, lastUsedAt: null });
    expect(key).not.toHaveProperty("hash");
    const res = await startRun(secret, { workflowId: wfA, input: { n: 1 } });
    expect(res.status).toBe(201);
    const { run } = (await res.json()) as { run: { id: string; trigger: string } };
    expect(run.trigger).toBe("api");
    expect((await getRun(secret, run.id)).status).toBe(200);
    // the list never carries the secret again
    expect(JSON.stringify(await listKeys(h.db.sql, designer))).not.toContain(secret);
  });

  it("records the last use: time, user agent and the peer address (forwarded address only behind a trusted proxy)", async () => {
    const { key, secret } = await issue(designer, { name: "last use", role: "viewer" });
    const headers = { "user-agent": "crm-sync/2.1", "x-switchyard-peer": "10.1.2.3", "x-forwarded-for": "203.0.113.9" };
    expect((await call(workflows.GET, { key: secret, headers })).status).toBe(200);
    let row = (await listKeys(h.db.sql, designer)).find((k) => k.id === key.id)!;
    expect(row.lastUsedAt).not.toBeNull();
    expect(row).toMatchObject({ lastUsedIp: "10.1.2.3", lastUsedAgent: "crm-sync/2.1" });
    trustProxy = true;
    try {
      expect((await call(workflows.GET, { key: secret, headers })).status).toBe(200);
    } finally {
      trustProxy = false;
    }
    row = (await listKeys(h.db.sql, designer)).find((k) => k.id === key.id)!;
    expect(row.lastUsedIp).toBe("203.0.113.9");
  });

  it("writes a key's last use once per minute per client, and at once from another client", async () => {
    const { key, secret } = await issue(designer, { name: "touched", role: "viewer" });
    const t0 = Date.now();
    const use = (atMs: number, peer: string) =>
      verifyApiKey(h.db.sql, secret, { headers: new Headers({ "x-switchyard-peer": peer }), trustProxy: false, nowMs: atMs });
    const lastUse = async () => (await listKeys(h.db.sql, designer)).find((k) => k.id === key.id)!;
    expect(await use(t0, "10.0.0.1")).not.toBeNull();
    expect(Date.parse((await lastUse()).lastUsedAt!)).toBe(t0);
    expect(await use(t0 + 30_000, "10.0.0.1")).not.toBeNull(); // a burst from one client: no write
    expect(Date.parse((await lastUse()).lastUsedAt!)).toBe(t0);
    await use(t0 + 31_000, "10.0.0.2"); // another client: written at once
    expect(await lastUse()).toMatchObject({ lastUsedIp: "10.0.0.2", lastUsedAt: new Date(t0 + 31_000).toISOString() });
    await use(t0 + 31_000 + TOUCH_INTERVAL_MS, "10.0.0.2"); // a minute later: written again
    expect(Date.parse((await lastUse()).lastUsedAt!)).toBe(t0 + 31_000 + TOUCH_INTERVAL_MS);
  });

  it("refuses unknown and malformed keys with 401", async () => {
    const [known] = secrets;
    const tampered = known.slice(0, -1) + (known.endsWith("A") ? "B" : "A");
    expect((await call(workflows.GET, { key: tampered })).status).toBe(401);
    expect((await call(workflows.GET, { key: "sy_nothing" })).status).toBe(401);
  });

  it("stops working after its expiry (401), and cannot be created already expired (422)", async () => {
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const { key, secret } = await issue(designer, { name: "expiring", role: "viewer", expiresAt });
    expect(key.expiresAt).toBe(expiresAt);
    expect((await call(workflows.GET, { key: secret })).status).toBe(200);
    const request = { headers: new Headers(), trustProxy: false };
    expect(await verifyApiKey(h.db.sql, secret, { ...request, nowMs: Date.parse(expiresAt) - 1 })).not.toBeNull();
    expect(await verifyApiKey(h.db.sql, secret, { ...request, nowMs: Date.parse(expiresAt) })).toBeNull();
    // move the key's clock, not the test's: the route answers 401 once the expiry has passed
    await h.db.sql.run(`UPDATE "ApiKey" SET "expiresAt"=? WHERE "id"=?`, [
      dialect === "sqlite" ? new Date(Date.now() - 1000).toISOString().replace("Z", "+00:00") : new Date(Date.now() - 1000).toISOString(),
      key.id,
    ]);
    expect((await call(workflows.GET, { key: secret })).status).toBe(401);
    await expect(rotateKey(h.db.sql, designer, key.id)).rejects.toMatchObject({ code: "api_key_expired" });
    await expect(
      issue(designer, { name: "past", role: "viewer", expiresAt: new Date(Date.now() - 1).toISOString() }),
    ).rejects.toMatchObject({
      code: "validation_failed",
    });
  });

  it("answers 401 at once after revoke; only the owner or an admin may revoke", async () => {
    const { key, secret } = await issue(designer, { name: "to revoke", role: "designer" });
    expect((await call(workflows.GET, { key: secret })).status).toBe(200);
    await expect(revokeKey(h.db.sql, reviewer, key.id)).rejects.toMatchObject({ code: "not_found" });
    const revoked = await revokeKey(h.db.sql, designer, key.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect((await call(workflows.GET, { key: secret })).status).toBe(401);
    await expect(revokeKey(h.db.sql, designer, key.id)).rejects.toMatchObject({ code: "api_key_revoked" });
    // an admin revokes someone else's key
    const other = await issue(reviewer, { name: "reviewer's", role: "reviewer" });
    await revokeKey(h.db.sql, admin, other.key.id);
    expect((await call(workflows.GET, { key: other.secret })).status).toBe(401);
  });

  it("rotates: a new secret with the same settings works, the old one is revoked in the same step", async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const old = await issue(designer, { name: "rotating", role: "designer", expiresAt, workflowIds: [wfA] });
    const next = await rotateKey(h.db.sql, designer, old.key.id);
    secrets.push(next.secret);
    expect(next.secret).not.toBe(old.secret);
    expect(next.key.id).not.toBe(old.key.id);
    expect(next.key).toMatchObject({ name: "rotating", role: "designer", expiresAt, workflowIds: [wfA], revokedAt: null });
    expect((await startRun(old.secret, { workflowId: wfA, input: {} })).status).toBe(401);
    expect((await startRun(next.secret, { workflowId: wfA, input: {} })).status).toBe(201);
    const listed = await listKeys(h.db.sql, designer);
    expect(listed.find((k) => k.id === old.key.id)?.revokedAt).not.toBeNull();
  });

  it("limits a workflow-scoped key to its workflows on every run and workflow route", async () => {
    const { secret } = await issue(designer, { name: "scoped", role: "designer", workflowIds: [wfA] });
    const inScope = await startRun(secret, { workflowId: wfA, input: {} });
    expect(inScope.status).toBe(201);
    const runA = ((await inScope.json()) as { run: { id: string; versionId: string } }).run;
    const outOfScope = await startRun(secret, { workflowId: wfB, input: {} });
    expect(outOfScope.status).toBe(403);
    expect(((await outOfScope.json()) as { error: { code: string } }).error.code).toBe("api_key_out_of_scope");
    // by version id too
    const versionB = (await h.db.sql.all<{ id: string }>(`SELECT "id" FROM "WorkflowVersion" WHERE "workflowId"=?`, [wfB]))[0].id;
    expect((await startRun(secret, { versionId: versionB, input: {} })).status).toBe(403);
    expect((await startRun(secret, { versionId: runA.versionId, input: {} })).status).toBe(201);
    // reading runs
    const { secret: full } = await issue(designer, { name: "unscoped", role: "designer" });
    const runB = ((await (await startRun(full, { workflowId: wfB, input: {} })).json()) as { run: { id: string } }).run;
    expect((await getRun(secret, runA.id)).status).toBe(200);
    expect((await getRun(secret, runB.id)).status).toBe(403);
    expect((await call(runs.GET, { key: secret, url: `http://localhost/api/v1/runs?workflowId=${wfA}` })).status).toBe(200);
    expect((await call(runs.GET, { key: secret, url: `http://localhost/api/v1/runs?workflowId=${wfB}` })).status).toBe(403);
    expect((await call(runs.GET, { key: secret, url: "http://localhost/api/v1/runs" })).status).toBe(403);
    // the workflow list shows only its workflows
    const list = (await (await call(workflows.GET, { key: secret })).json()) as { workflows: { id: string }[] };
    expect(list.workflows.map((w) => w.id)).toEqual([wfA]);
    // routes that cannot be limited to a workflow refuse a scoped key
    const b = await call(bulk.POST, {
      key: secret,
      method: "POST",
      body: { action: "cancel", target: { runIds: [runA.id] }, dryRun: true },
    });
    expect(b.status).toBe(403);
    // the same route with an unscoped key is fine
    expect((await getRun(full, runB.id)).status).toBe(200);
  });

  it("never mints a key above its creator's role, and a demoted owner's key shrinks at once", async () => {
    await expect(issue(designer, { name: "too high", role: "admin" })).rejects.toMatchObject({ code: "api_key_role_too_high" });
    await expect(issue(reviewer, { name: "sideways", role: "designer" })).rejects.toMatchObject({ code: "api_key_role_too_high" });
    const before = (await listKeys(h.db.sql, admin)).length;
    const d2 = await mkUser("demoted@keys.test", "designer");
    const { secret } = await issue(d2, { name: "designer key", role: "designer" });
    expect((await startRun(secret, { workflowId: wfA, input: {} })).status).toBe(201);
    await updateUser(h.db.sql, d2.id, { role: "viewer" }, system);
    expect((await startRun(secret, { workflowId: wfA, input: {} })).status).toBe(403);
    expect((await call(workflows.GET, { key: secret })).status).toBe(200);
    await updateUser(h.db.sql, d2.id, { disabled: true }, system);
    expect((await call(workflows.GET, { key: secret })).status).toBe(401);
    expect((await listKeys(h.db.sql, admin)).length).toBe(before + 1);
  });

  it("a key cannot manage keys (session only), and an admin key works on admin routes", async () => {
    const { secret } = await issue(admin, { name: "admin key", role: "admin" });
    const res = await call(keysRoute.POST, { key: secret, method: "POST", body: { name: "child", role: "viewer" } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("session_required");
    expect((await call(keysRoute.GET, { key: secret })).status).toBe(403);
    expect((await call(users.GET, { key: secret })).status).toBe(200);
    const { secret: viewerKey } = await issue(admin, { name: "admin's viewer key", role: "viewer" });
    expect((await call(users.GET, { key: viewerKey })).status).toBe(403);
  });

  it("admins list every key; others only their own", async () => {
    const all = await listKeys(h.db.sql, admin);
    const mine = await listKeys(h.db.sql, reviewer);
    expect(new Set(all.map((k) => k.owner.id)).size).toBeGreaterThan(1);
    expect(mine.every((k) => k.owner.id === reviewer.id)).toBe(true);
  });

  it("never stores or audits a key in clear, and audits every key action in an intact chain", async () => {
    expect(secrets.length).toBeGreaterThan(5);
    const keyRows = JSON.stringify(await h.db.sql.all(`SELECT * FROM "ApiKey"`));
    const auditRows = JSON.stringify(await h.db.sql.all(`SELECT * FROM "AuditEvent"`));
    for (const s of secrets) {
      const secretPart = s.split("_").slice(2).join("_");
      for (const haystack of [keyRows, auditRows]) {
        expect(haystack).not.toContain(s);
        expect(haystack).not.toContain(secretPart);
      }
    }
    const actions = await h.db.sql.all<{ action: string; n: number }>(
      `SELECT "action", COUNT(*) AS "n" FROM "AuditEvent" WHERE "targetType"='api_key' GROUP BY "action" ORDER BY "action"`,
    );
    const byAction = Object.fromEntries(actions.map((a) => [a.action, Number(a.n)]));
    const created = Number((await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ApiKey" WHERE "rotatedFromId" IS NULL`))[0].n);
    expect(byAction["api_key.created"]).toBe(created);
    expect(byAction["api_key.revoked"]).toBe(2);
    expect(byAction["api_key.rotated"]).toBe(1);
    const rotated = await h.db.sql.all<{ data: string; actorId: string }>(
      `SELECT "data","actorId" FROM "AuditEvent" WHERE "action"='api_key.rotated'`,
    );
    expect(rotated[0].actorId).toBe(designer.id);
    expect(JSON.parse(rotated[0].data)).toMatchObject({ name: "rotating", role: "designer" });
    expect((await verifyChain(h.db.sql)).ok).toBe(true);
  });
});
