// The routes that read bodies outside apiRoute: better-auth's endpoints (app/api/auth/[...all]) and
// first-run setup. Both stop a chunked body at SWITCHYARD_MAX_AUTH_BODY_BYTES while it streams (413),
// refuse hostile JSON with a 400 before better-auth or the user store sees it, and still work for a
// normal request (the accepted bytes are handed on).
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createUser } from "@/lib/auth/users";
import { createAuth } from "@/lib/auth/auth";
import { parseEnv } from "@/lib/env";
import { describeEachDb, createTestDb, type TestDatabase } from "@/tests/helpers/test-db";
import { chunkedBody } from "./helpers/route-fixtures";
import { deepJson } from "./helpers/json-gen";

const world: { app: unknown } = { app: undefined };
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => world.app }));

const { POST: authPost } = await import("@/app/api/auth/[...all]/route");
const { POST: setupPost } = await import("@/app/api/setup/route");

const LIMIT = 64 * 1024;
const HEADERS = { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/json" };

function post(path: string, body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = HEADERS): Request {
  return new Request(`http://localhost:3000${path}`, { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

async function userCount(db: TestDatabase): Promise<number> {
  return db.prisma.user.count();
}

describeEachDb("auth and setup bodies", (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    const env = parseEnv({ SWITCHYARD_SIGNIN_RATE_LIMIT: "100000" });
    world.app = { env, db, auth: createAuth({ env, db, secret: "s".repeat(40) }) };
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("setup on an empty database: hostile bodies get a 4xx and create no admin; chunked 100 MB stops at the limit", async () => {
    for (const body of [
      deepJson(10_000),
      '{"name":"A\\u0000","email":"a@x.test","password":"password123"}',
      '{"name":"\\ud800","email":"a@x.test","password":"password123"}',
      '{"name":"A","email":"a@x.test","password":"password123","n":-1e400}',
    ]) {
      const res = await setupPost(post("/api/setup", body));
      expect(res.status, body.slice(0, 40)).toBe(400);
    }
    const { stream, pulled } = chunkedBody(100 * 1024 * 1024);
    const res = await setupPost(post("/api/setup", stream));
    expect(res.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(LIMIT + 2 * 64 * 1024);
    expect(await userCount(db)).toBe(0);
  });

  it("sign-in: a chunked 100 MB body is cut at the limit (413) and hostile JSON is a 400", async () => {
    const { stream, pulled } = chunkedBody(100 * 1024 * 1024);
    const res = await authPost(post("/api/auth/sign-in/email", stream));
    expect(res.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(LIMIT + 2 * 64 * 1024);
    for (const body of [
      deepJson(10_000),
      '{"email":"a\\u0000@x.test","password":"password123"}',
      '{"email":"a@x.test","password":"\\udfff"}',
    ]) {
      expect((await authPost(post("/api/auth/sign-in/email", body))).status, body.slice(0, 40)).toBe(400);
    }
  });

  it("still signs a user in through the guard, and keeps update-user names to the name rules", async () => {
    await createUser(db.sql, { name: "Ada", email: "ada@x.test", password: "password123", role: "admin" }, { id: null, type: "system" });
    const res = await authPost(post("/api/auth/sign-in/email", JSON.stringify({ email: "ada@x.test", password: "password123" })));
    expect(res.status).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect(cookie).toContain("session_token");
    const wrong = await authPost(post("/api/auth/sign-in/email", JSON.stringify({ email: "ada@x.test", password: "wrong-password" })));
    expect(wrong.status).toBe(401);

    const rename = (name: string) => authPost(post("/api/auth/update-user", JSON.stringify({ name }), { ...HEADERS, cookie }));
    expect((await rename("Ada\u202e")).status).toBe(400);
    expect((await rename("Ada\u0007")).status).toBe(400);
    expect((await db.prisma.user.findFirstOrThrow({ where: { email: "ada@x.test" } })).name).toBe("Ada");
    expect((await rename("  Ade\u0301le ")).status).toBe(200);
    expect((await db.prisma.user.findFirstOrThrow({ where: { email: "ada@x.test" } })).name).toBe("Ad\u00e9le");
  });
});
