// A worker process SIGKILLed while an MCP tool call is in flight (the SDK-built test server holds the
// `gated` call until released). The next worker replays the completed model and MCP calls from the
// database and never sends them again; the interrupted call follows the non-idempotent HTTP rule
// (a recovery task for an admin, sent again only on approval) unless the tool is marked idempotent,
// in which case it is simply sent again. The fake model and MCP servers count every call.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { publish } from "@/tests/engine/helpers/graph";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model/server";
import { startFakeMcpServer, type FakeMcpServer } from "@/scripts/fake-mcp/server";
import { decideTask, startRun } from "@/lib/engine/run-service";
import { providerCreateSchema } from "@/lib/providers/provider-schemas";
import { createProvider } from "@/lib/providers/provider-service";
import { createMcpServer, refreshMcpTools } from "@/lib/mcp/mcp-server-service";
import { mcpServerCreateSchema } from "@/lib/mcp/mcp-schemas";
import { safeFetch } from "@/lib/security/safe-fetch";
import type { AgentOutput } from "@/lib/agents/agent-types";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";
import { PRICES, PROVIDER_KEY } from "./helpers/agent-harness";
import { spawnAgentWorker, type AgentWorkerProcess } from "./helpers/agent-process";
import { applyTestSecretKey } from "./helpers/secret-key";

describeEachDb("SIGKILL mid-MCP-call (real worker processes)", (dialect) => {
  const { h } = useEngine(dialect, { startWorker: false });
  let model: FakeModelServer;
  let mcp: FakeMcpServer;
  let providerId: string;
  let serverId: string;

  beforeAll(async () => {
    applyTestSecretKey();
    model = await startFakeModelServer({ expectApiKey: PROVIDER_KEY, logUnscripted: false });
    mcp = await startFakeMcpServer();
  });
  afterAll(async () => {
    await model?.close();
    await mcp?.close();
  });
  let n = 0;
  beforeEach(async () => {
    n++;
    model.reset();
    mcp.reset();
    providerId = (
      await createProvider(
        h.db.sql,
        providerCreateSchema.parse({
          name: `Fake ${n}`,
          baseUrl: model.url,
          apiKey: PROVIDER_KEY,
          defaultModel: "fake-model",
          models: [PRICES],
        }),
        null,
      )
    ).id;
    serverId = (
      await createMcpServer(h.db.sql, mcpServerCreateSchema.parse({ name: `CRM ${n}`, transport: "http", url: mcp.url }), null, {})
    ).id;
    const fetch = (url: string, init: Parameters<typeof safeFetch>[1]) => safeFetch(url, { ...init, allowHosts: ["127.0.0.1"] });
    await refreshMcpTools(h.db.sql, serverId, null, { fetch, stdioCommands: {} });
  });

  /** Looks a customer up (completes), then ships (held by the server until released), then answers. */
  async function startShipping(idempotent: boolean): Promise<string> {
    const tools = [
      { name: "crm_lookup", type: "mcp", serverId, mcpTool: "lookup" },
      { name: "ship", type: "mcp", serverId, mcpTool: "gated", idempotent },
    ];
    const { versionId } = await publish(h.db.sql, agentGraph(agentConfig(providerId, { tools })));
    model.script([
      { toolCalls: [{ name: "crm_lookup", arguments: { id: "c-9" } }] },
      { toolCalls: [{ name: "ship", arguments: { n: 9 } }] },
      final("shipped", 0.9),
    ]);
    return (await startRun(h.deps, { versionId, input: { claimId: "M-1" }, initiatorId: null })).id;
  }

  /** A worker that takes the run up to the held MCP call and is SIGKILLed while the call is in flight. */
  async function killMidCall(runId: string): Promise<void> {
    // a lease long enough that a loaded machine's slow renewals never lose it while the call is held
    const crashing = spawnAgentWorker(h.db.url, { AGENT_LEASE_MS: "4000" });
    await mcp.gatedArrived();
    const exit = await crashing.kill();
    // tsx relays its child's death as its own (a signal or 128 + 9)
    expect(exit.signal === "SIGKILL" || exit.code === 137, crashing.output()).toBe(true);
    expect(model.callCount).toBe(2);
    expect(mcp.callCount("lookup")).toBe(1);
    expect(mcp.callCount("gated")).toBe(1);
    expect((await h.store.getSteps(runId)).find((s) => s.stepKey === "agent")?.status).toBe("running");
  }

  async function waitUntil(worker: AgentWorkerProcess, what: string, done: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 120_000;
    while (!(await done())) {
      if (Date.now() > deadline) {
        const runs = await h.db.sql
          .all(`SELECT "id","status","leaseOwner","leaseExpiresMs","readyAtMs" FROM "Run"`)
          .catch((e: Error) => e.message);
        const pg =
          dialect === "postgresql"
            ? await h.db.sql.all(
                `SELECT "pid","state","wait_event_type","wait_event",left("query",160) AS q FROM pg_stat_activity WHERE "datname"=current_database()`,
              )
            : [];
        throw new Error(`timed out waiting for ${what}\n${JSON.stringify(runs)}\n${JSON.stringify(pg)}\n${worker.output()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const runStatus = async (runId: string) => (await h.store.getRun(runId))?.status;
  const subSteps = async (runId: string) =>
    (await h.db.sql.all<{ model: string }>(`SELECT "model" FROM "ModelCall" WHERE "runId"=? ORDER BY "seq"`, [runId])).map((r) => r.model);
  const COMPLETED = ["fake-model", "tool:crm_lookup", "fake-model", "tool:ship", "fake-model", "decision:ok"];

  it(
    "an interrupted non-idempotent MCP call is put to an admin, sent again once approved; completed calls are never repeated",
    {
      timeout: 300_000,
    },
    async () => {
      const runId = await startShipping(false);
      await killMidCall(runId);

      const healthy = spawnAgentWorker(h.db.url);
      try {
        await waitUntil(healthy, "the recovery task", async () => (await h.store.getTasks(runId)).some((t) => t.status === "open"));
        const [task] = (await h.store.getTasks(runId)).filter((t) => t.status === "open");
        expect(task).toMatchObject({ type: "recovery", stepKey: "agent~mcp-recover-3", payload: { tool: "gated", arguments: { n: 9 } } });
        expect(await runStatus(runId)).toBe("waiting");
        // nothing was sent again: not the completed lookup, not the model calls, not the interrupted call
        expect(model.callCount).toBe(2);
        expect(mcp.callCount("lookup")).toBe(1);
        expect(mcp.callCount("gated")).toBe(1);

        mcp.release();
        await decideTask(h.deps, { taskId: task.id, userId: "admin", userRoles: ["admin"], decision: "approve" });
        await waitUntil(healthy, "the run to end", async () => ["succeeded", "failed"].includes((await runStatus(runId)) ?? ""));
      } finally {
        await healthy.stop();
      }
      expect(await runStatus(runId)).toBe("succeeded");
      expect(mcp.calls.get("gated")).toEqual([{ n: 9 }, { n: 9 }]);
      expect(mcp.callCount("lookup")).toBe(1);
      expect(model.callCount).toBe(3);
      model.assertScriptConsumed();
      expect(await subSteps(runId)).toEqual(COMPLETED);
      const marks = await h.db.sql.all<{ seq: number; deliveries: number }>(
        `SELECT "seq","deliveries" FROM "McpCallStart" WHERE "runId"=? ORDER BY "seq"`,
        [runId],
      );
      expect(marks.map((m) => [Number(m.seq), Number(m.deliveries)])).toEqual([
        [1, 1],
        [3, 2],
      ]);
      const step = (await h.store.getSteps(runId)).find((s) => s.stepKey === "agent")!;
      expect((step.output as AgentOutput).toolCalls.map((t) => [t.name, t.ok])).toEqual([
        ["crm_lookup", true],
        ["ship", true],
      ]);
    },
  );

  it("an interrupted MCP call of a tool marked idempotent is sent again without review", { timeout: 300_000 }, async () => {
    const runId = await startShipping(true);
    await killMidCall(runId);

    mcp.release();
    const healthy = spawnAgentWorker(h.db.url);
    try {
      await waitUntil(healthy, "the run to end", async () => ["succeeded", "failed"].includes((await runStatus(runId)) ?? ""));
    } finally {
      await healthy.stop();
    }
    expect(await runStatus(runId)).toBe("succeeded");
    expect(await h.store.getTasks(runId)).toHaveLength(0);
    expect(mcp.calls.get("gated")).toEqual([{ n: 9 }, { n: 9 }]);
    expect(mcp.callCount("lookup")).toBe(1);
    expect(model.callCount).toBe(3);
    model.assertScriptConsumed();
    expect(await subSteps(runId)).toEqual(COMPLETED);
    // only the non-idempotent lookup left a start mark
    const marks = await h.db.sql.all<{ seq: number }>(`SELECT "seq" FROM "McpCallStart" WHERE "runId"=?`, [runId]);
    expect(marks.map((m) => Number(m.seq))).toEqual([1]);
    const step = (await h.store.getSteps(runId)).find((s) => s.stepKey === "agent")!;
    expect(step.attempt).toBe(1);
  });
});
