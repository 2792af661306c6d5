// better-auth against a real database: sign-in works for users created by createUser, a wrong
// password and an unknown email give the same answer, sign-in attempts are rate limited per client
// (forwarded headers count only behind a trusted proxy) and per account, a disabled account gets no
// session and loses the ones it had, and no answer (sign-in, get-session, list-sessions) shows a session token.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAuth, PEER_HEADER } from "@/lib/auth/auth";
import { createUser } from "@/lib/auth/users";
import { updateUser } from "@/lib/db/user-store";
import { parseEnv } from "@/lib/env";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";

const admin = { id: null, type: "system" } as const;

describeEachDb("auth", (dialect) => {
  let db: TestDatabase;
  let auth: ReturnType<typeof createAuth>;
  let proxied: ReturnType<typeof createAuth>;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    const secret = "x".repeat(40);
    auth = createAuth({ env: parseEnv({ SWITCHYARD_SIGNIN_RATE_LIMIT: "5", SWITCHYARD_SIGNIN_ACCOUNT_LIMIT: "4" }), db, secret });
    proxied = createAuth({
      env: parseEnv({ SWITCHYARD_SIGNIN_RATE_LIMIT: "5", SWITCHYARD_SIGNIN_ACCOUNT_LIMIT: "1000", SWITCHYARD_TRUST_PROXY: "true" }),
      db,
      secret,
    });
    await createUser(db.sql, { name: "Rita", email: "rita@example.com", password: "password123", role: "reviewer" }, admin);
  });
  afterAll(async () => db.drop());

  /** A sign-in as scripts/serve.mjs passes it on: the socket address in PEER_HEADER, plus any extra headers. */
  const signIn = (email: string, password: string, peer: string, extra: Record<string, string> = {}, a = auth) =>
    a.handler(
      new Request("http://localhost:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", [PEER_HEADER]: peer, ...extra },
        body: JSON.stringify({ email, password }),
      }),
    );
  const cookieOf = (res: Response) => (res.headers.get("set-cookie") ?? "").split(";")[0];
  const sessionsOf = async (userId: string) =>
    Number((await db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Session" WHERE "userId"=?`, [userId]))[0].n);
  const newUser = async (email: string) =>
    (await createUser(db.sql, { name: email, email, password: "password123", role: "designer" }, admin)).id;

  it("signs in and returns the role on the session", async () => {
    const res = await signIn("rita@example.com", "password123", "10.0.0.1");
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const session = await auth.api.getSession({ headers: new Headers({ cookie: cookie.split(";")[0] }) });
    expect((session?.user as { role?: string } | undefined)?.role).toBe("reviewer");
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const a = await signIn("rita@example.com", "wrong-password", "10.0.0.2");
    const b = await signIn("nobody@example.com", "password123", "10.0.0.3");
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect((await a.json()).message).toBe((await b.json()).message);
  });

  it("rate limits sign-in attempts per client", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn(`probe${i}@example.com`, "wrong-password", "10.0.0.9")).status);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // another client is not affected
    expect((await signIn("rita@example.com", "password123", "10.0.0.10")).status).toBe(200);
  });

  it("ignores X-Forwarded-For and X-Real-IP unless SWITCHYARD_TRUST_PROXY is set: a new value per attempt buys nothing", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const spoof = { "x-forwarded-for": `203.0.113.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}` };
      statuses.push((await signIn(`spoof${i}@example.com`, "wrong-password", "10.0.1.1", spoof)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);

    // behind a trusted proxy the forwarded address is the client: each one has its own budget
    const trusted: number[] = [];
    for (let i = 0; i < 7; i++) {
      trusted.push(
        (await signIn(`fwd${i}@example.com`, "wrong-password", "10.0.1.2", { "x-forwarded-for": `192.0.2.${i + 1}` }, proxied)).status,
      );
    }
    expect(trusted).toEqual([401, 401, 401, 401, 401, 401, 401]);
  });

  it("limits failed sign-ins per account from any number of clients; the right password then waits too", async () => {
    await newUser("target@example.com");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signIn("Target@Example.com", "wrong-password", `10.0.2.${i + 1}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const locked = await signIn("target@example.com", "password123", "10.0.2.50");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("x-retry-after"))).toBeGreaterThan(60);
    expect(cookieOf(locked)).toBe("");
    // other accounts are not affected
    expect((await signIn("rita@example.com", "password123", "10.0.2.51")).status).toBe(200);
  });

  it("counts concurrent guesses for one account atomically", async () => {
    await newUser("burst@example.com");
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signIn("burst@example.com", "wrong-password", `10.0.3.${i + 1}`)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(8);
  });

  it("a successful sign-in clears the account's failures", async () => {
    await newUser("forgetful@example.com");
    for (let i = 0; i < 3; i++) expect((await signIn("forgetful@example.com", "wrong-password", "10.0.4.1")).status).toBe(401);
    expect((await signIn("forgetful@example.com", "password123", "10.0.4.2")).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await signIn("forgetful@example.com", "wrong-password", "10.0.4.3")).status).toBe(401);
    expect((await signIn("forgetful@example.com", "password123", "10.0.4.4")).status).toBe(200);
  });

  it("refuses a disabled account's sign-in without opening a session", async () => {
    const id = await newUser("gone@example.com");
    await updateUser(db.sql, id, { disabled: true }, admin);
    const res = await signIn("gone@example.com", "password123", "10.0.5.1");
    expect(res.status).toBe(403);
    expect((await res.json()).message).toBe("This account is disabled.");
    expect(cookieOf(res)).not.toMatch(/session_token=./);
    expect(await sessionsOf(id)).toBe(0);
  });

  it("disabling an account ends its sessions, and they stay ended after it is enabled again", async () => {
    const id = await newUser("paused@example.com");
    const a = cookieOf(await signIn("paused@example.com", "password123", "10.0.6.1"));
    const b = cookieOf(await signIn("paused@example.com", "password123", "10.0.6.2"));
    expect(await auth.api.getSession({ headers: new Headers({ cookie: a }) })).not.toBeNull();
    expect(await sessionsOf(id)).toBe(2);
    await updateUser(db.sql, id, { disabled: true }, admin);
    expect(await sessionsOf(id)).toBe(0);
    await updateUser(db.sql, id, { disabled: false }, admin);
    for (const cookie of [a, b]) expect(await auth.api.getSession({ headers: new Headers({ cookie }) })).toBeNull();
    expect((await signIn("paused@example.com", "password123", "10.0.6.3")).status).toBe(200);
  });

  it("sign-in and /get-session answer without the session token, and the cookie still works", async () => {
    const id = await newUser("tokenless@example.com");
    const res = await signIn("tokenless@example.com", "password123", "10.0.8.1");
    expect(res.status).toBe(200);
    const signInText = await res.text();
    expect(JSON.parse(signInText)).not.toHaveProperty("token");
    const cookie = cookieOf(res);
    expect(cookie).toMatch(/session_token=./);
    const got = await auth.handler(
      new Request("http://localhost:3000/api/auth/get-session", { headers: { cookie, [PEER_HEADER]: "10.0.8.1" } }),
    );
    expect(got.status).toBe(200);
    const sessionText = await got.text();
    const body = JSON.parse(sessionText) as { session: Record<string, unknown>; user: { id: string } };
    expect(body.user.id).toBe(id);
    expect(body.session).not.toHaveProperty("token");
    const [row] = await db.sql.all<{ token: string }>(`SELECT "token" FROM "Session" WHERE "userId"=?`, [id]);
    for (const text of [signInText, sessionText]) expect(text).not.toContain(row.token);
  });

  it("/list-sessions lists the user's sessions without their tokens", async () => {
    const id = await newUser("lister@example.com");
    const cookie = cookieOf(await signIn("lister@example.com", "password123", "10.0.7.1"));
    await signIn("lister@example.com", "password123", "10.0.7.2");
    const res = await auth.handler(
      new Request("http://localhost:3000/api/auth/list-sessions", { headers: { cookie, [PEER_HEADER]: "10.0.7.1" } }),
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    const sessions = JSON.parse(text) as Record<string, unknown>[];
    expect(sessions).toHaveLength(2);
    for (const s of sessions) {
      expect(s).not.toHaveProperty("token");
      expect(s.userId).toBe(id);
    }
    const tokens = await db.sql.all<{ token: string }>(`SELECT "token" FROM "Session" WHERE "userId"=?`, [id]);
    expect(tokens).toHaveLength(2);
    for (const t of tokens) expect(text).not.toContain(t.token);
  });
});
