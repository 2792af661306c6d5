// Sign-in hardening through the production server (scripts/serve.mjs, no trusted proxy): forwarding
// headers are not believed, failures are limited per account, a disabled account has no session and
// gets none, and the browser never receives session tokens.
import { request as pwRequest, type APIRequestContext } from "@playwright/test";
import { test, expect } from "./support/fixtures";

const pw = "correct-horse-battery";

test.describe("sign-in hardening", () => {
  let n = 0;
  const fresh = () => `hardening-${Date.now().toString(36)}-${n++}@example.com`;

  async function createUser(admin: APIRequestContext, email: string): Promise<string> {
    const res = await admin.post("/api/v1/users", { data: { name: email, email, password: pw, role: "designer" } });
    expect(res.status()).toBe(201);
    return ((await res.json()) as { user: { id: string } }).user.id;
  }

  async function signedIn(baseURL: string, email: string): Promise<{ ctx: APIRequestContext; status: number }> {
    const ctx = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
    const res = await ctx.post("/api/auth/sign-in/email", { data: { email, password: pw } });
    return { ctx, status: res.status() };
  }

  test("a spoofed X-Forwarded-Host does not pass the Origin check", async ({ apiAs }) => {
    const admin = await apiAs("admin");
    const id = await createUser(admin, fresh());
    const spoofed = await admin.patch(`/api/v1/users/${id}`, {
      data: { role: "viewer" },
      headers: { origin: "http://evil.test", "x-forwarded-host": "evil.test" },
    });
    expect(spoofed.status()).toBe(403);
    expect((await spoofed.json()).error.code).toBe("bad_origin");
    const users = (await (await admin.get("/api/v1/users")).json()) as { users: { id: string; role: string }[] };
    expect(users.users.find((u) => u.id === id)?.role).toBe("designer");
  });

  test("failed sign-ins are limited per account whatever X-Forwarded-For says", async ({ baseURL, apiAs }) => {
    const email = fresh();
    await createUser(await apiAs("admin"), email);
    const ctx = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await ctx.post("/api/auth/sign-in/email", {
        data: { email, password: "wrong-password" },
        headers: { "x-forwarded-for": `203.0.113.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}` },
      });
      statuses.push(res.status());
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const right = await ctx.post("/api/auth/sign-in/email", { data: { email, password: pw } });
    expect(right.status()).toBe(429);
    await ctx.dispose();
  });

  test("list-sessions shows no token; disabling ends every session and refuses sign-in until enabled", async ({ baseURL, apiAs }) => {
    const admin = await apiAs("admin");
    const email = fresh();
    const id = await createUser(admin, email);
    const a = await signedIn(baseURL!, email);
    const b = await signedIn(baseURL!, email);
    expect([a.status, b.status]).toEqual([200, 200]);

    const list = await a.ctx.get("/api/auth/list-sessions");
    expect(list.status()).toBe(200);
    const sessions = (await list.json()) as Record<string, unknown>[];
    expect(sessions).toHaveLength(2);
    for (const s of sessions) expect(Object.keys(s)).not.toContain("token");
    expect((await a.ctx.get("/api/v1/workflows")).status()).toBe(200);

    expect((await admin.patch(`/api/v1/users/${id}`, { data: { disabled: true } })).status()).toBe(200);
    for (const { ctx } of [a, b]) expect((await ctx.get("/api/v1/workflows")).status()).toBe(401);
    const refused = await signedIn(baseURL!, email);
    expect(refused.status).toBe(403);
    expect((await refused.ctx.get("/api/v1/workflows")).status()).toBe(401);

    expect((await admin.patch(`/api/v1/users/${id}`, { data: { disabled: false } })).status()).toBe(200);
    for (const { ctx } of [a, b, refused]) expect((await ctx.get("/api/v1/workflows")).status()).toBe(401);
    const back = await signedIn(baseURL!, email);
    expect(back.status).toBe(200);
    expect((await back.ctx.get("/api/v1/workflows")).status()).toBe(200);
    for (const { ctx } of [a, b, refused, back]) await ctx.dispose();
  });
});
