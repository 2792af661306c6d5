// Forwarding headers are believed only behind a configured proxy: the edge policy of scripts/serve.mjs
// strips them (and always sets the peer address itself), and the Origin check compares against
// X-Forwarded-Host only when SWITCHYARD_TRUST_PROXY is set. The route test signs in for real and
// sends a cookie-authenticated change through the users route handler on both databases.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkOrigin } from "@/lib/api/origin";
import { createAuth, PEER_HEADER } from "@/lib/auth/auth";
import { createUser } from "@/lib/auth/users";
import { parseEnv } from "@/lib/env";
import { DomainError } from "@/lib/errors/domain-error";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";
// @ts-expect-error -- plain ESM module of the production server, no type declarations
import { applyForwardingPolicy, PEER_HEADER as EDGE_PEER_HEADER, trustProxyFrom } from "@/scripts/forwarding-policy.mjs";

let app: unknown;
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));
const { PATCH: patchUser } = await import("@/app/api/v1/users/[userId]/route");

const req = (headers: Record<string, string>) => new Request("http://localhost:3000/api/v1/x", { method: "POST", headers });
const refusal = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof DomainError ? e.code : "other";
  }
};

describe("the edge policy for forwarding headers", () => {
  const incoming = () => ({
    headers: {
      host: "app.example.com",
      "x-forwarded-for": "203.0.113.9",
      "x-forwarded-host": "evil.test",
      "x-forwarded-proto": "https",
      "x-real-ip": "203.0.113.10",
      forwarded: "for=203.0.113.11",
      [EDGE_PEER_HEADER]: "203.0.113.12",
    } as Record<string, string>,
    socket: { remoteAddress: "192.0.2.7" },
  });

  it("strips every forwarding header unless the proxy is trusted, and always sets the peer from the socket", () => {
    const r = incoming();
    applyForwardingPolicy(r, false);
    expect(r.headers).toEqual({ host: "app.example.com", [EDGE_PEER_HEADER]: "192.0.2.7" });
    const t = incoming();
    applyForwardingPolicy(t, true);
    expect(t.headers["x-forwarded-for"]).toBe("203.0.113.9");
    expect(t.headers["x-forwarded-host"]).toBe("evil.test");
    expect(t.headers[EDGE_PEER_HEADER]).toBe("192.0.2.7");
  });

  it("reads SWITCHYARD_TRUST_PROXY as lib/env does, and names the same peer header as the auth config", () => {
    for (const v of ["true", "1", "false", "0", "", undefined]) {
      expect(trustProxyFrom({ SWITCHYARD_TRUST_PROXY: v }), String(v)).toBe(parseEnv({ SWITCHYARD_TRUST_PROXY: v }).SWITCHYARD_TRUST_PROXY);
    }
    expect(EDGE_PEER_HEADER).toBe(PEER_HEADER);
    expect(() => parseEnv({ SWITCHYARD_TRUST_PROXY: "yes" })).toThrow(/SWITCHYARD_TRUST_PROXY/);
  });
});

describe("checkOrigin", () => {
  it("refuses a spoofed X-Forwarded-Host unless the proxy is trusted", () => {
    const spoof = { host: "localhost:3000", origin: "http://evil.test", "x-forwarded-host": "evil.test" };
    expect(refusal(() => checkOrigin(req(spoof), false))).toBe("bad_origin");
    expect(refusal(() => checkOrigin(req(spoof), true))).toBeNull();
    expect(refusal(() => checkOrigin(req({ host: "localhost:3000", origin: "http://localhost:3000" }), false))).toBeNull();
    expect(refusal(() => checkOrigin(req({ host: "localhost:3000" }), false))).toBe("bad_origin");
    expect(refusal(() => checkOrigin(req({ host: "localhost:3000", origin: "not a url" }), false))).toBe("bad_origin");
    // behind a trusted proxy the forwarded host is the one that counts
    const proxied = { host: "10.0.0.5:3000", origin: "https://app.example.com", "x-forwarded-host": "app.example.com" };
    expect(refusal(() => checkOrigin(req(proxied), true))).toBeNull();
    expect(refusal(() => checkOrigin(req(proxied), false))).toBe("bad_origin");
  });

  it("defaults to SWITCHYARD_TRUST_PROXY from the environment (unset here)", () => {
    expect(refusal(() => checkOrigin(req({ host: "localhost:3000", origin: "http://evil.test", "x-forwarded-host": "evil.test" })))).toBe(
      "bad_origin",
    );
  });
});

describeEachDb("spoofed X-Forwarded-Host on a cookie-authenticated change", (dialect) => {
  let db: TestDatabase;
  let cookie: string;
  let targetId: string;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    const env = parseEnv({});
    const auth = createAuth({ env, db, secret: "z".repeat(40) });
    app = { db, auth, env };
    await createUser(
      db.sql,
      { name: "Ada", email: "ada@example.com", password: "password123", role: "admin" },
      { id: null, type: "system" },
    );
    targetId = (
      await createUser(
        db.sql,
        { name: "Dee", email: "dee@example.com", password: "password123", role: "designer" },
        { id: null, type: "system" },
      )
    ).id;
    const res = await auth.handler(
      new Request("http://localhost:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", [PEER_HEADER]: "10.9.0.1" },
        body: JSON.stringify({ email: "ada@example.com", password: "password123" }),
      }),
    );
    expect(res.status).toBe(200);
    cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  });
  afterAll(async () => db?.drop());

  const patch = (headers: Record<string, string>) =>
    patchUser(
      new Request(`http://localhost:3000/api/v1/users/${targetId}`, {
        method: "PATCH",
        headers: { cookie, "content-type": "application/json", host: "localhost:3000", ...headers },
        body: JSON.stringify({ role: "viewer" }),
      }),
      { params: Promise.resolve({ userId: targetId }) },
    );
  const roleOf = async () => (await db.sql.all<{ role: string }>(`SELECT "role" FROM "User" WHERE "id"=?`, [targetId]))[0].role;

  it("refuses it with 403 bad_origin and changes nothing; our own origin passes", async () => {
    const spoofed = await patch({ origin: "http://evil.test", "x-forwarded-host": "evil.test" });
    expect(spoofed.status).toBe(403);
    expect(((await spoofed.json()) as { error: { code: string } }).error.code).toBe("bad_origin");
    expect(await roleOf()).toBe("designer");
    const own = await patch({ origin: "http://localhost:3000" });
    expect(own.status).toBe(200);
    expect(await roleOf()).toBe("viewer");
  });
});
