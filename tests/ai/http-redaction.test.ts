// HTTP nodes send credential headers that are added only at execute time. A remote that echoes
// them back (in the body, in a header, decoded, base64-encoded) or an error that quotes them must
// not get them into the step output, the run's error, events, API responses or log lines.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph } from "@/tests/engine/helpers/graph";
import { credentialCreateSchema } from "@/lib/credentials/credential-schemas";
import { createCredential } from "@/lib/credentials/credential-service";
import { credentialSecretValues } from "@/lib/credentials/credential-headers";
import { httpExecutor } from "@/lib/engine/executors/http";
import { NonRetriableError } from "@/lib/engine/errors";
import type { ExecutorContext } from "@/lib/engine/ports";
import { headerSecretValues } from "@/lib/security/header-secrets";
import { REDACTED } from "@/lib/security/secrets";
import type { AgentOutput } from "@/lib/agents/agent-types";
import { createAgentHarness, type AgentHarness } from "./helpers/agent-harness";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";

const TOKEN = "tok-http-node-secret-4d4d4d4d";
const USER = "ada";
const PASSWORD = "pw-http-node-9e9e9e9e";
const b64 = (s: string) => Buffer.from(s).toString("base64");

let app: unknown;
const current: { role: Role; id: string } = { role: "admin", id: "u-admin" };
vi.mock("@/lib/auth/session", () => ({
  resolveUser: async () => ({
    user: { id: current.id, email: `${current.id}@x.test`, name: current.id, role: current.role },
    method: "session",
  }),
}));
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));
const { GET: getRunRoute } = await import("@/app/api/v1/runs/[runId]/route");
const { GET: getStepRoute } = await import("@/app/api/v1/runs/[runId]/steps/[stepKey]/route");
const { GET: getViewRoute } = await import("@/app/api/v1/runs/[runId]/view/route");

/** Echoes everything it received, in every shape we can think of; /fail answers 400 after echoing. */
async function echoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const auth = String(req.headers.authorization ?? "");
    const token = auth.replace(/^\w+\s+/, "");
    const decoded = auth.startsWith("Basic ") ? Buffer.from(token, "base64").toString("utf8") : null;
    const echo = {
      headers: req.headers,
      token,
      decoded,
      password: decoded?.split(":")[1] ?? null,
      tokenBase64: b64(token),
      [`key-${token}`]: "a key that is the secret",
    };
    res.writeHead(req.url === "/fail" ? 400 : 200, { "content-type": `application/json; echo=${token}`, "x-echo": auth });
    res.end(JSON.stringify(echo));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function httpGraph(url: string, credentialId: string): Record<string, unknown> {
  return graph()
    .start()
    .node({
      id: "call",
      kind: "http",
      name: "Call",
      config: {
        method: "POST",
        url,
        headers: [{ key: "x-plain", value: "hello" }],
        body: "$.input",
        timeoutMs: 5000,
        responseType: "json",
        credentialId,
      },
    })
    .end("end", "$.steps.Call.output")
    .chain("start", "call", "end")
    .build();
}

async function routeJson(
  handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>,
  path: string,
  params: Record<string, string>,
): Promise<string> {
  const res = await handler(new Request(`http://localhost${path}`, { headers: { host: "localhost" } }), {
    params: Promise.resolve(params),
  });
  expect(res.status, path).toBe(200);
  return await res.text();
}

describe("header secret values", () => {
  it("covers the raw value, the token, basic auth's decoded and base64 forms", () => {
    const v = headerSecretValues({ Authorization: `Basic ${b64(`${USER}:${PASSWORD}`)}`, "X-Key": "k-12345678" });
    for (const s of [
      `Basic ${b64(`${USER}:${PASSWORD}`)}`,
      b64(`${USER}:${PASSWORD}`),
      `${USER}:${PASSWORD}`,
      PASSWORD,
      b64(PASSWORD),
      "k-12345678",
      b64("k-12345678"),
    ]) {
      expect(v).toContain(s);
    }
    expect(v).not.toContain(USER); // the user name alone is not a secret (and too short)
    expect(credentialSecretValues({ type: "bearer", token: TOKEN })).toEqual(
      expect.arrayContaining([TOKEN, `Bearer ${TOKEN}`, b64(TOKEN)]),
    );
  });

  it("redacts an error message that quotes the credential (the executor alone)", async () => {
    const node = {
      id: "n",
      name: "N",
      kind: "http",
      position: { x: 0, y: 0 },
      config: { method: "GET", url: "http://x.test", headers: [], timeoutMs: 1000, responseType: "json", credentialId: "c1" },
    };
    const ctx = {
      runId: "r",
      stepKey: "n",
      nodeId: "n",
      attempt: 1,
      idempotencyKey: "k",
      signal: new AbortController().signal,
      input: {},
      scope: {},
      resolveCredential: async () => ({ Authorization: `Bearer ${TOKEN}` }),
      fetch: async (_url: string, init: { headers?: Record<string, string> }) => {
        throw new Error(`proxy rejected header Authorization: ${init.headers?.Authorization} (token ${TOKEN})`);
      },
    } as unknown as ExecutorContext;
    const err = await httpExecutor.execute!(node as never, { method: "GET", url: "http://x.test", headers: {} }, ctx).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toContain(REDACTED);
    expect(err?.message).not.toContain(TOKEN);
    const missing = await httpExecutor.execute!(
      node as never,
      { method: "GET", url: "http://x.test", headers: {} },
      { ...ctx, resolveCredential: undefined },
    ).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NonRetriableError);
  });
});

describeEachDb("HTTP node credential redaction", (dialect) => {
  let h: AgentHarness;
  let echo: Awaited<ReturnType<typeof echoServer>>;
  const printed: string[] = [];
  beforeAll(async () => {
    for (const level of ["log", "info", "warn", "error"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        printed.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
    }
    h = await createAgentHarness(dialect);
    echo = await echoServer();
    app = {
      db: h.db,
      engine: { store: h.store, notifier: h.notifier, notify: () => h.notifier.notify(), schedulesChanged: () => undefined },
    };
  });
  afterAll(async () => {
    await h?.close();
    await echo?.close();
    vi.restoreAllMocks();
  });
  beforeEach(() => {
    current.role = "admin";
  });

  it("an echoed bearer token and basic auth never reach the step output, error, events, API or logs", async () => {
    const bearer = await createCredential(
      h.db.sql,
      credentialCreateSchema.parse({ name: "Echo bearer", secret: { type: "bearer", token: TOKEN } }),
      null,
    );
    const basic = await createCredential(
      h.db.sql,
      credentialCreateSchema.parse({ name: "Echo basic", secret: { type: "basic", username: USER, password: PASSWORD } }),
      null,
    );

    const okRuns: string[] = [];
    // the agent's HTTP tool: same echo, same redaction, before the model or the step row sees it
    const tool = { name: "echo", type: "http", method: "POST", url: `${echo.url}/echo`, credentialId: basic.id };
    const agent = await h.publish(agentGraph(agentConfig(h.providerId, { tools: [tool] })));
    h.model.script([{ toolCalls: [{ name: "echo", arguments: { q: 1 } }] }, final("done")]);
    const agentRun = await h.start(agent.versionId, { claimId: "C-0" });
    expect(await h.waitFor(agentRun.id, ["succeeded", "failed"])).toBe("succeeded");
    okRuns.push(agentRun.id);
    const toolResult = ((await h.step(agentRun.id, "agent")).output as AgentOutput).toolCalls[0].result;
    expect(toolResult).toMatchObject({
      status: 200,
      body: { headers: { authorization: REDACTED }, token: REDACTED, decoded: REDACTED, password: REDACTED, tokenBase64: REDACTED },
    });
    const modelSaw = JSON.stringify(h.model.calls.map((c) => c.messages));

    for (const cred of [bearer, basic]) {
      const { versionId } = await h.publish(httpGraph(`${echo.url}/echo`, cred.id));
      const run = await h.start(versionId, { claimId: "C-1" });
      expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
      okRuns.push(run.id);
      const out = (await h.step(run.id, "call")).output as {
        status: number;
        headers: Record<string, string>;
        body: Record<string, unknown>;
      };
      // the credential really was sent (the echo saw it), and what came back was redacted
      expect(out.status).toBe(200);
      expect(out.body.headers).toMatchObject({ authorization: REDACTED, "x-plain": "hello" });
      expect(out.body.token).toBe(REDACTED);
      expect(out.body.tokenBase64).toBe(REDACTED);
      expect(out.headers["content-type"]).toBe(`application/json; echo=${REDACTED}`);
      if (cred === basic) expect(out.body).toMatchObject({ decoded: REDACTED, password: REDACTED });
      expect(Object.keys(out.body)).toContain(`key-${REDACTED}`);
    }

    // a 4xx after the echo: the step fails (the error is a summary, never the echoed body)
    const { versionId: failV } = await h.publish(httpGraph(`${echo.url}/fail`, bearer.id));
    const failed = await h.start(failV, {});
    expect(await h.waitFor(failed.id, ["succeeded", "failed"])).toBe("failed");
    expect((await h.step(failed.id, "call")).error).toMatchObject({ code: "http_4xx" });

    const api: string[] = [];
    for (const id of [...okRuns, failed.id]) {
      api.push(await routeJson(getRunRoute, `/api/v1/runs/${id}`, { runId: id }));
      const stepKey = id === agentRun.id ? "agent" : "call";
      api.push(await routeJson(getStepRoute, `/api/v1/runs/${id}/steps/${stepKey}`, { runId: id, stepKey }));
      api.push(await routeJson(getViewRoute, `/api/v1/runs/${id}/view`, { runId: id }));
    }
    const stored: string[] = [];
    for (const id of [...okRuns, failed.id]) {
      stored.push(JSON.stringify([await h.store.getRun(id), await h.store.getSteps(id), await h.store.getEvents(id)]));
    }
    stored.push(JSON.stringify(await h.db.sql.all(`SELECT * FROM "RunEvent"`)), JSON.stringify(await h.db.sql.all(`SELECT * FROM "Step"`)));
    stored.push(JSON.stringify(await h.db.sql.all(`SELECT * FROM "ModelCall"`)), modelSaw);
    const logs = [...h.logs, ...printed].join("\n");
    expect(api.join("\n")).toContain(REDACTED);
    for (const secret of [TOKEN, b64(TOKEN), PASSWORD, b64(PASSWORD), `${USER}:${PASSWORD}`, b64(`${USER}:${PASSWORD}`)]) {
      expect(api.join("\n"), "API responses").not.toContain(secret);
      expect(stored.join("\n"), "stored rows").not.toContain(secret);
      expect(logs, "log lines").not.toContain(secret);
    }
  });
});
