// Provider keys and credential secrets never leave the server: not in API-shaped reads, step
// inputs/outputs, model-call records, run events, audit, memory, or log lines — even when a tool
// endpoint echoes the credential back or the provider rejects the key.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { credentialCreateSchema } from "@/lib/credentials/credential-schemas";
import { createCredential, listCredentials } from "@/lib/credentials/credential-service";
import { providerCreateSchema } from "@/lib/providers/provider-schemas";
import { createProvider, listProviders, loadProviderSecret } from "@/lib/providers/provider-service";
import { testProviderConnection } from "@/lib/providers/test-connection";
import type { AgentOutput } from "@/lib/agents/agent-types";
import { REDACTED } from "@/lib/security/secrets";
import { createAgentHarness, PROVIDER_KEY, type AgentHarness } from "./helpers/agent-harness";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";

const TOKEN = "tok-credential-secret-7a7a7a7a";
const WRONG_KEY = "sk-wrong-provider-key-31337abc";

async function echoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ youSent: req.headers }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function everyTableText(h: AgentHarness): Promise<string> {
  const tables =
    h.db.dialect === "sqlite"
      ? (await h.db.sql.all<{ name: string }>(`SELECT "name" FROM sqlite_master WHERE "type"='table'`)).map((t) => t.name)
      : (await h.db.sql.all<{ name: string }>(`SELECT tablename AS "name" FROM pg_tables WHERE schemaname='public'`)).map((t) => t.name);
  const parts: string[] = [];
  for (const t of tables) parts.push(JSON.stringify(await h.db.sql.all(`SELECT * FROM "${t}"`)));
  return parts.join("\n");
}

describeEachDb("secrets stay secret", (dialect) => {
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
  });
  afterAll(async () => {
    await h?.close();
    await echo?.close();
    vi.restoreAllMocks();
  });

  it("keeps provider keys and credential secrets out of every record, response and log", async () => {
    const cred = await createCredential(
      db(h),
      credentialCreateSchema.parse({ name: "Echo", secret: { type: "bearer", token: TOKEN } }),
      null,
    );
    const tool = { name: "echo", type: "http", method: "POST", url: `${echo.url}/x`, credentialId: cred.id };
    const ok = await h.publish(
      agentGraph(
        agentConfig(h.providerId, {
          tools: [tool],
          memory: { enabled: true, subjectExpression: "$.input.claimId", loadTurns: 2, saveTurns: true },
        }),
      ),
    );
    h.model.script([{ toolCalls: [{ name: "echo", arguments: { q: 1 } }] }, final("done")]);
    const r1 = await h.start(ok.versionId, { claimId: "S-1" });
    expect(await h.waitFor(r1.id, ["succeeded", "failed"])).toBe("succeeded");
    const out = (await h.step(r1.id, "agent")).output as AgentOutput;
    // the tool really sent the credential, and what came back was redacted before anyone saw it
    expect(out.toolCalls[0].result).toMatchObject({ status: 200, body: { youSent: { authorization: REDACTED } } });
    const toolMsg = h.model.calls[1].messages.find((m) => (m as { role: string }).role === "tool") as { content: string };
    expect(toolMsg.content).toContain(REDACTED);
    expect(toolMsg.content).not.toContain(TOKEN);
    // the model server saw the provider key (that is how it authenticates), nothing else did
    expect(h.model.calls[0].apiKey).toBe(PROVIDER_KEY);

    const wrong = await createProvider(
      db(h),
      providerCreateSchema.parse({ name: "Wrong key", baseUrl: h.model.url, apiKey: WRONG_KEY, defaultModel: "fake-model" }),
      null,
    );
    const bad = await h.publish(agentGraph(agentConfig(wrong.id), { errorEdge: true }));
    const r2 = await h.start(bad.versionId, { claimId: "S-2" });
    expect(await h.waitFor(r2.id, ["succeeded", "failed"])).toBe("succeeded");
    const failed = await h.step(r2.id, "agent");
    expect(failed.error).toMatchObject({ code: "model_401" });
    const test = await testProviderConnection((await loadProviderSecret(db(h), wrong.id))!);
    expect(test.ok).toBe(false);

    const responses = JSON.stringify([
      await listProviders(db(h)),
      await listCredentials(db(h)),
      test,
      await h.store.getSteps(r1.id),
      await h.store.getSteps(r2.id),
      await h.store.getEvents(r1.id),
      await h.store.getEvents(r2.id),
    ]);
    const stored = await everyTableText(h);
    const logs = [...h.logs, ...printed].join("\n");
    for (const secret of [PROVIDER_KEY, WRONG_KEY, TOKEN, Buffer.from(TOKEN).toString("base64")]) {
      expect(responses, "API-shaped reads").not.toContain(secret);
      expect(stored, "database rows").not.toContain(secret);
      expect(logs, "log lines").not.toContain(secret);
    }
  });
});

function db(h: AgentHarness) {
  return h.db.sql;
}
