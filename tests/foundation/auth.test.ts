// better-auth against a real database: sign-in works for users created by createUser, a wrong
// password and an unknown email give the same answer, and sign-in attempts are rate limited.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAuth } from "@/lib/auth/auth";
import { createUser } from "@/lib/auth/users";
import { parseEnv } from "@/lib/env";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";

describeEachDb("auth", (dialect) => {
  let db: TestDatabase;
  let auth: ReturnType<typeof createAuth>;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    auth = createAuth({ env: parseEnv({ SWITCHYARD_SIGNIN_RATE_LIMIT: "5" }), db, secret: "x".repeat(40) });
    await createUser(
      db.sql,
      { name: "Rita", email: "rita@example.com", password: "password123", role: "reviewer" },
      { id: null, type: "system" },
    );
  });
  afterAll(async () => db.drop());

  const signIn = (email: string, password: string, ip: string) =>
    auth.handler(
      new Request("http://localhost:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": ip },
        body: JSON.stringify({ email, password }),
      }),
    );

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
    for (let i = 0; i < 7; i++) statuses.push((await signIn("rita@example.com", "wrong-password", "10.0.0.9")).status);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // another client is not affected
    expect((await signIn("rita@example.com", "password123", "10.0.0.10")).status).toBe(200);
  });
});
