// The user invariants under real concurrency, through the route handlers on both databases:
// simultaneous first-run setups create exactly one admin; admins demoting or disabling each other
// at the same moment never leave zero active admins (the loser gets 409 last_admin, never a 500);
// concurrent creates of one email give one user and 409 email_taken; every create, role change and
// disable/enable is audited in the same transaction, and the audit chain stays intact.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { verifyChain } from "@/lib/db/audit-store";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";

const current: { role: Role; id: string } = { role: "admin", id: "nobody" };
let app: unknown;

vi.mock("@/lib/auth/session", () => ({
  resolveUser: async () => ({
    user: { id: current.id, email: `${current.id}@x.test`, name: current.id, role: current.role },
    method: "session",
  }),
}));
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));

const { POST: setup } = await import("@/app/api/setup/route");
const { POST: createUserRoute, GET: listUsersRoute } = await import("@/app/api/v1/users/route");
const { PATCH: patchUser } = await import("@/app/api/v1/users/[userId]/route");

const headers = { host: "localhost", origin: "http://localhost", "content-type": "application/json" };
const post = (path: string, body: unknown) =>
  new Request(`http://localhost${path}`, { method: "POST", headers, body: JSON.stringify(body) });
const patch = (userId: string, body: unknown, as: string) => {
  current.id = as;
  return patchUser(new Request(`http://localhost/api/v1/users/${userId}`, { method: "PATCH", headers, body: JSON.stringify(body) }), {
    params: Promise.resolve({ userId }),
  });
};
const noParams = { params: Promise.resolve({}) };

describeEachDb("user invariants under concurrency", (dialect) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDb(dialect, { poolMax: 8 });
    app = { db, env: { SWITCHYARD_TRUST_PROXY: false } };
    current.id = "nobody";
  });
  afterEach(async () => db?.drop());

  const count = async (sql: string, params: (string | number | boolean)[] = []) =>
    Number((await db.sql.all<{ n: number }>(sql, params))[0].n);
  const activeAdmins = () => count(`SELECT COUNT(*) AS "n" FROM "User" WHERE "role"='admin' AND "disabled"=?`, [false]);
  const audits = (action: string) => count(`SELECT COUNT(*) AS "n" FROM "AuditEvent" WHERE "action"=?`, [action]);

  async function firstAdmin(): Promise<string> {
    const res = await setup(post("/api/setup", { name: "Ada", email: "ada@example.com", password: "password123" }));
    expect(res.status).toBe(201);
    return ((await res.json()) as { user: { id: string } }).user.id;
  }
  async function addUser(email: string, role: Role, as: string): Promise<string> {
    current.id = as;
    const res = await createUserRoute(post("/api/v1/users", { name: email, email, password: "password123", role }), noParams);
    expect(res.status).toBe(201);
    return ((await res.json()) as { user: { id: string } }).user.id;
  }

  it("20 simultaneous first-run setups create exactly one admin; the others get 409 already_set_up", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        setup(post("/api/setup", { name: `Admin ${i}`, email: `admin${i}@example.com`, password: "password123" })),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of results.filter((r) => r.status === 409))
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("already_set_up");
    expect(await count(`SELECT COUNT(*) AS "n" FROM "User"`)).toBe(1);
    expect(await count(`SELECT COUNT(*) AS "n" FROM "Account"`)).toBe(1);
    expect(await activeAdmins()).toBe(1);
    expect(await audits("user.created")).toBe(1);
    expect((await verifyChain(db.sql)).ok).toBe(true);
  });

  it("two admins demoting or disabling each other at the same moment always leave one active admin", async () => {
    const a = await firstAdmin();
    const b = await addUser("bo@example.com", "admin", a);
    const moves: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ role: "designer" }, { role: "designer" }],
      [{ disabled: true }, { disabled: true }],
      [{ role: "viewer" }, { disabled: true }],
      [{ role: "reviewer", disabled: true }, { role: "designer" }],
    ];
    let rounds = 0;
    for (let round = 0; round < 12; round++) {
      const [toA, toB] = moves[round % moves.length];
      const [resA, resB] = await Promise.all([patch(a, toA, b), patch(b, toB, a)]);
      const statuses = [resA.status, resB.status].sort();
      expect(statuses, `round ${round}`).toEqual([200, 409]);
      const loser = resA.status === 409 ? resA : resB;
      expect(((await loser.json()) as { error: { code: string } }).error.code).toBe("last_admin");
      expect(await activeAdmins(), `round ${round}`).toBe(1);
      // restore both as active admins: the one still active re-promotes the one who lost admin
      const demoted = resA.status === 200 ? a : b;
      const remaining = demoted === a ? b : a;
      expect((await patch(demoted, { role: "admin", disabled: false }, remaining)).status).toBe(200);
      expect(await activeAdmins()).toBe(2);
      rounds++;
    }
    expect(rounds).toBe(12);
    expect((await verifyChain(db.sql)).ok).toBe(true);
  });

  it("many admins demoting each other at once keep at least one active admin", async () => {
    const a = await firstAdmin();
    const ids = [a];
    for (let i = 0; i < 5; i++) ids.push(await addUser(`admin${i}@example.com`, "admin", a));
    // every admin demotes the next one, all at once
    const results = await Promise.all(
      ids.map((id, i) => patch(ids[(i + 1) % ids.length], i % 2 ? { disabled: true } : { role: "viewer" }, id)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 409)).toHaveLength(1);
    expect(await activeAdmins()).toBe(1);
  });

  it("concurrent creates of one email give one user and 409 email_taken, never a 500", async () => {
    const a = await firstAdmin();
    current.id = a;
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        createUserRoute(
          post("/api/v1/users", { name: "Dup", email: "dup@example.com", password: "password123", role: "viewer" }),
          noParams,
        ),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of results.filter((r) => r.status === 409))
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("email_taken");
    expect(await count(`SELECT COUNT(*) AS "n" FROM "User" WHERE "email"=?`, ["dup@example.com"])).toBe(1);
    expect(await audits("user.created")).toBe(2);
  });

  it("audits every create, role change and disable/enable with the acting user, in the same transaction", async () => {
    const a = await firstAdmin();
    const d = await addUser("dee@example.com", "designer", a);
    expect((await patch(d, { role: "reviewer" }, a)).status).toBe(200);
    expect((await patch(d, { disabled: true }, a)).status).toBe(200);
    expect((await patch(d, { disabled: false, role: "viewer" }, a)).status).toBe(200);
    const rows = await db.sql.all<{ action: string; actorId: string | null; actorType: string; targetId: string; data: string }>(
      `SELECT "action","actorId","actorType","targetId","data" FROM "AuditEvent" ORDER BY "id"`,
    );
    expect(rows.map((r) => [r.action, r.actorId, r.targetId])).toEqual([
      ["user.created", null, a],
      ["user.created", a, d],
      ["user.role_changed", a, d],
      ["user.disabled", a, d],
      ["user.role_changed", a, d],
      ["user.enabled", a, d],
    ]);
    expect(rows[0].actorType).toBe("system");
    expect(JSON.parse(rows[2].data)).toEqual({ from: "designer", to: "reviewer" });
    expect(JSON.parse(rows[1].data)).toMatchObject({ email: "dee@example.com", role: "designer" });
    expect(JSON.stringify(rows)).not.toContain("password123");

    // a refused change writes nothing: neither the user nor the audit log moves
    const before = await count(`SELECT COUNT(*) AS "n" FROM "AuditEvent"`);
    const res = await patch(a, { role: "viewer" }, a);
    expect(res.status).toBe(409);
    expect(await count(`SELECT COUNT(*) AS "n" FROM "AuditEvent"`)).toBe(before);
    const listed = await listUsersRoute(new Request("http://localhost/api/v1/users", { headers }), noParams);
    const users = ((await listed.json()) as { users: { id: string; role: string; disabled: boolean }[] }).users;
    expect(users.map((u) => [u.id, u.role, u.disabled])).toEqual([
      [a, "admin", false],
      [d, "viewer", false],
    ]);
    expect((await verifyChain(db.sql)).ok).toBe(true);
  });

  it("setup after the first admin, and a patch of an unknown user, are clear 4xx", async () => {
    await firstAdmin();
    const again = await setup(post("/api/setup", { name: "Eve", email: "eve@example.com", password: "password123" }));
    expect(again.status).toBe(409);
    expect((await patch("missing", { role: "viewer" }, "x")).status).toBe(404);
  });
});
