// An HTTP node's credential never follows a redirect to another origin, whatever kind it is
// (bearer, basic, API-key header, custom headers): the first origin sees it, the second does not,
// and the engine's Idempotency-Key travels on. A user-typed idempotency-key header in any case
// never replaces the engine's key.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { createCredentialResolver } from "@/lib/credentials/credential-resolver";
import { credentialCreateSchema } from "@/lib/credentials/credential-schemas";
import { createCredential } from "@/lib/credentials/credential-service";
import type { CredentialResolver } from "@/lib/engine/ports";
import { startRun } from "@/lib/engine/run-service";
import { applyTestSecretKey } from "./helpers/secret-key";
import { useEngine } from "@/tests/engine/helpers/fixture";

type Seen = { path: string; headers: http.IncomingHttpHeaders };

async function listen(handler: http.RequestListener): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

const SECRETS = [
  { type: "bearer", token: "bearer-token-123456" },
  { type: "basic", username: "svc", password: "basic-pass-123456" },
  { type: "api_key_header", header: "X-Api-Key", value: "api-key-value-123456" },
  { type: "custom_headers", headers: [{ name: "X-Tenant-Token", value: "tenant-token-123456" }] },
] as const;

describeEachDb("HTTP node credentials on cross-origin redirects", (dialect) => {
  const { h } = useEngine(dialect, { resolveCredential: (id, use) => creds.resolve!(id, use) });
  const firstSeen: Seen[] = [];
  const secondSeen: Seen[] = [];
  let first: Awaited<ReturnType<typeof listen>>;
  let second: Awaited<ReturnType<typeof listen>>;
  const creds: { resolve?: CredentialResolver } = {};

  beforeAll(async () => {
    applyTestSecretKey();
    second = await listen((req, res) => {
      secondSeen.push({ path: req.url ?? "", headers: req.headers });
      res.setHeader("content-type", "application/json");
      res.end("{}");
    });
    first = await listen((req, res) => {
      firstSeen.push({ path: req.url ?? "", headers: req.headers });
      res.statusCode = 307;
      res.setHeader("location", `${second.origin}${req.url ?? "/"}`);
      res.end();
    });
    creds.resolve = createCredentialResolver(h.db.sql);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it.each(SECRETS.map((s) => [s.type, s] as const))("%s credential reaches the first origin only", async (type, secret) => {
    const cred = await createCredential(h.db.sql, credentialCreateSchema.parse({ name: `c-${type}-${randomUUID()}`, secret }), null);
    const path = `/${type}-${randomUUID()}`;
    const doc = graph()
      .start()
      .node({
        id: "call",
        kind: "http",
        config: {
          method: "POST",
          url: `${first.origin}${path}`,
          credentialId: cred.id,
          headers: [{ key: "idempotency-key", value: "mine" }],
        },
      })
      .end("end", "$.steps.call.output.status")
      .chain("start", "call", "end")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");

    const a = firstSeen.find((s) => s.path === path)!;
    const b = secondSeen.find((s) => s.path === path)!;
    const values = JSON.stringify(a.headers);
    const secretValue =
      "token" in secret ? secret.token : "password" in secret ? "Basic " : "value" in secret ? secret.value : secret.headers[0].value;
    expect(values).toContain(secretValue);
    const leaked = JSON.stringify(b.headers);
    for (const v of ["bearer-token-123456", "Basic ", "api-key-value-123456", "tenant-token-123456"]) expect(leaked).not.toContain(v);
    expect(b.headers.authorization).toBeUndefined();
    // The engine's key wins over a user-typed header of any case, on both hops.
    expect(a.headers["idempotency-key"]).toMatch(new RegExp(`^${run.id}`));
    expect(b.headers["idempotency-key"]).toBe(a.headers["idempotency-key"]);
  });
});
