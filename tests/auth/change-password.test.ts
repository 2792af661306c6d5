// A signed-in user changes their own password: the current password is required, every other session
// of the user ends, the browser that changed it keeps a fresh session, the change is audited, and
// better-auth's own /change-password endpoint ends other sessions too and hands out no session token.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAuth, PEER_HEADER } from "@/lib/auth/auth";
import { changeOwnPassword } from "@/lib/auth/change-password";
import { createUser } from "@/lib/auth/users";
import { parseEnv } from "@/lib/env";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";

describeEachDb("change own password", (dialect) => {
  let db: TestDatabase;
  let auth: ReturnType<typeof createAuth>;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    auth = createAuth({ env: parseEnv({ SWITCHYARD_SIGNIN_RATE_LIMIT: "1000" }), db, secret: "y".repeat(40) });
  });
  afterAll(async () => db.drop());

  const signIn = (email: string, password: string) =>
    auth.handler(
      new Request("http://localhost:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", [PEER_HEADER]: "10.0.0.1" },
        body: JSON.stringify({ email, password }),
      }),
    );
  const cookieOf = (setCookie: string | null) => (setCookie ?? "").split(";")[0];
  const sessionOf = (cookie: string) => auth.api.getSession({ headers: new Headers({ cookie }) });
  const newUser = async (email: string) =>
    (await createUser(db.sql, { name: email, email, password: "old-password", role: "viewer" }, { id: null, type: "system" })).id;

  it("needs the current password, ends the other sessions, keeps this browser signed in, and is audited", async () => {
    const id = await newUser("pat@example.com");
    const here = cookieOf((await signIn("pat@example.com", "old-password")).headers.get("set-cookie"));
    const elsewhere = cookieOf((await signIn("pat@example.com", "old-password")).headers.get("set-cookie"));
    const headers = new Headers({ cookie: here, origin: "http://localhost:3000" });

    await expect(
      changeOwnPassword(auth, db.sql, id, headers, { currentPassword: "not-it", newPassword: "new-password-1" }),
    ).rejects.toMatchObject({ code: "invalid_current_password" });
    expect(await sessionOf(elsewhere)).not.toBeNull();
    expect((await signIn("pat@example.com", "old-password")).status).toBe(200);

    const cookies = await changeOwnPassword(auth, db.sql, id, headers, { currentPassword: "old-password", newPassword: "new-password-1" });
    expect(await sessionOf(elsewhere)).toBeNull();
    expect(await sessionOf(here)).toBeNull();
    const fresh = cookies.map((c) => c.split(";")[0]).find((c) => c.includes("session_token"));
    expect(fresh).toBeTruthy();
    expect((await sessionOf(fresh!))?.user.id).toBe(id);
    expect((await signIn("pat@example.com", "old-password")).status).toBe(401);
    expect((await signIn("pat@example.com", "new-password-1")).status).toBe(200);
    const audit = await db.sql.all<{ actorId: string; data: string }>(
      `SELECT "actorId","data" FROM "AuditEvent" WHERE "action"='user.password_changed' AND "targetId"=?`,
      [id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBe(id);
    expect(audit[0].data).not.toContain("password-1");
  });

  it("better-auth's /change-password ends other sessions even when asked not to, and returns no session token", async () => {
    await newUser("quinn@example.com");
    const here = cookieOf((await signIn("quinn@example.com", "old-password")).headers.get("set-cookie"));
    const elsewhere = cookieOf((await signIn("quinn@example.com", "old-password")).headers.get("set-cookie"));
    const res = await auth.handler(
      new Request("http://localhost:3000/api/auth/change-password", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", cookie: here },
        body: JSON.stringify({ currentPassword: "old-password", newPassword: "new-password-2", revokeOtherSessions: false }),
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty("token");
    expect(await sessionOf(elsewhere)).toBeNull();
  });
});
