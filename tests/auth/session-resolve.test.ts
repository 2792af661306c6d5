// resolveUser on a session cookie, on real databases: the plain case is answered by one raw query
// (sessionUserFast), with nothing cached, so an ended session, a disabled account and a role change
// count on the very next request; a forged cookie, an expired session and one due for its sliding
// refresh go through better-auth, which refreshes the expiry as before.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createAuth, PEER_HEADER } from "@/lib/auth/auth";
import { createUser } from "@/lib/auth/users";
import { parseEnv } from "@/lib/env";
import { sqlTimestamp } from "@/lib/db/row-codec";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";

let app: unknown;
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));
const { resolveUser, sessionUserFast } = await import("@/lib/auth/session");

const admin = { id: null, type: "system" } as const;
const DAY = 24 * 60 * 60 * 1000;

describeEachDb("resolveUser with a session cookie", (dialect) => {
  let db: TestDatabase;
  let auth: ReturnType<typeof createAuth>;
  let n = 0;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    const env = parseEnv({});
    auth = createAuth({ env, db, secret: "s".repeat(40) });
    app = { auth, db, env };
  });
  afterAll(async () => db.drop());

  /** A new user signed in: their id and session cookie ("name=value"). */
  async function signedIn(role: "admin" | "designer" | "reviewer" | "viewer" = "designer"): Promise<{ id: string; cookie: string }> {
    const email = `u${++n}@example.com`;
    const { id } = await createUser(db.sql, { name: `User ${n}`, email, password: "password123", role }, admin);
    const res = await auth.handler(
      new Request("http://localhost:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", [PEER_HEADER]: "10.9.0.1" },
        body: JSON.stringify({ email, password: "password123" }),
      }),
    );
    expect(res.status).toBe(200);
    return { id, cookie: (res.headers.get("set-cookie") ?? "").split(";")[0] };
  }
  const headers = (cookie: string) => new Headers({ cookie });
  const expiresAtMs = async (userId: string) => {
    const rows = await db.sql.all<{ e: unknown }>(`SELECT "expiresAt" AS "e" FROM "Session" WHERE "userId"=?`, [userId]);
    const e = rows[0].e;
    return e instanceof Date ? e.getTime() : typeof e === "number" ? e : Date.parse(String(e));
  };
  const setExpiresAt = (userId: string, ms: number) =>
    db.sql.run(`UPDATE "Session" SET "expiresAt"=? WHERE "userId"=?`, [sqlTimestamp(db.dialect, ms), userId]);

  it("answers a valid session from one query, with the user's role", async () => {
    const { id, cookie } = await signedIn("reviewer");
    const fast = await sessionUserFast(auth, db.sql, headers(cookie));
    expect(fast).toMatchObject({ id, role: "reviewer", disabled: false });
    expect(await resolveUser(headers(`other=1; ${cookie}`))).toEqual({
      user: { id, email: `u${n}@example.com`, name: `User ${n}`, role: "reviewer" },
      method: "session",
    });
  });

  it("has no user without a session cookie", async () => {
    expect(await sessionUserFast(auth, db.sql, headers("other=1"))).toBeNull();
    expect(await resolveUser(new Headers())).toBeNull();
  });

  it("refuses a cookie whose signature does not match, through better-auth", async () => {
    const { cookie } = await signedIn();
    const [name, value] = [cookie.slice(0, cookie.indexOf("=")), decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1))];
    const dot = value.lastIndexOf(".");
    const forgedToken = `${name}=${encodeURIComponent(`${value.slice(0, dot - 1)}X${value.slice(dot)}`)}`;
    const badSignature = `${name}=${encodeURIComponent(`${value.slice(0, dot)}.${"A".repeat(43)}=`)}`;
    for (const c of [forgedToken, badSignature, `${name}=unsigned`]) {
      expect(await sessionUserFast(auth, db.sql, headers(c))).toBeUndefined();
      expect(await resolveUser(headers(c))).toBeNull();
    }
  });

  it("refuses an ended session on the next request", async () => {
    const { id, cookie } = await signedIn();
    expect(await resolveUser(headers(cookie))).not.toBeNull();
    await db.sql.run(`DELETE FROM "Session" WHERE "userId"=?`, [id]);
    expect(await resolveUser(headers(cookie))).toBeNull();
  });

  it("refuses a disabled account's session on the next request, and sees a role change at once", async () => {
    const { id, cookie } = await signedIn("admin");
    expect((await resolveUser(headers(cookie)))?.user.role).toBe("admin");
    await db.sql.run(`UPDATE "User" SET "role"='viewer' WHERE "id"=?`, [id]);
    expect((await resolveUser(headers(cookie)))?.user.role).toBe("viewer");
    // set directly, without the sessions ending that updateUser does, to show the read itself refuses
    await db.sql.run(`UPDATE "User" SET "disabled"=? WHERE "id"=?`, [db.dialect === "sqlite" ? 1 : true, id]);
    expect(await resolveUser(headers(cookie))).toBeNull();
  });

  it("refuses an expired session", async () => {
    const { id, cookie } = await signedIn();
    await setExpiresAt(id, Date.now() - 1000);
    expect(await sessionUserFast(auth, db.sql, headers(cookie))).toBeUndefined();
    expect(await resolveUser(headers(cookie))).toBeNull();
  });

  it("leaves a session due for its refresh to better-auth, which moves its expiry a week ahead", async () => {
    const { id, cookie } = await signedIn();
    const fresh = await expiresAtMs(id);
    expect(fresh).toBeGreaterThan(Date.now() + 6.9 * DAY);
    await setExpiresAt(id, Date.now() + 5 * DAY); // updated more than a day ago
    expect(await sessionUserFast(auth, db.sql, headers(cookie))).toBeUndefined();
    expect((await resolveUser(headers(cookie)))?.user.id).toBe(id);
    expect(await expiresAtMs(id)).toBeGreaterThan(Date.now() + 6.9 * DAY);
    expect(await sessionUserFast(auth, db.sql, headers(cookie))).toMatchObject({ id });
  });
});
