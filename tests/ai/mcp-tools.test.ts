// MCP tools in the agent loop against a real MCP server built with the SDK (scripts/fake-mcp): tool
// lists fetched and cached through the SSRF-safe fetch with the server's credential, calls made
// once each (replays never call again), failures and timeouts returned to the model, approval with
// edited arguments, "all tools" entries, and an interrupted non-idempotent call parked for review.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { startFakeMcpServer, type FakeMcpServer } from "@/scripts/fake-mcp/server";
import { safeFetch } from "@/lib/security/safe-fetch";
import { createCredential } from "@/lib/credentials/credential-service";
import { credentialCreateSchema } from "@/lib/credentials/credential-schemas";
import { createMcpServer, refreshMcpTools } from "@/lib/mcp/mcp-server-service";
import { mcpServerCreateSchema } from "@/lib/mcp/mcp-schemas";
import { markMcpCallStart } from "@/lib/db/mcp-server-store";
import { decideTask } from "@/lib/engine/run-service";
import type { AgentOutput } from "@/lib/agents/agent-types";
import { createAgentHarness, type AgentHarness } from "./helpers/agent-harness";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";

const TOKEN = "mcp-token-7d1e0f2a9b8c";

describeEachDb("agent tools on an MCP server", (dialect) => {
  let h: AgentHarness;
  let mcp: FakeMcpServer;
  let serverId: string;
  const fetch = (url: string, init: Parameters<typeof safeFetch>[1]) => safeFetch(url, { ...init, allowHosts: ["127.0.0.1"] });

  beforeAll(async () => {
    h = await createAgentHarness(dialect, { agents: { mcpCallTimeoutMs: 1500 } });
    mcp = await startFakeMcpServer({ expectToken: TOKEN });
    const cred = await createCredential(
      h.db.sql,
      credentialCreateSchema.parse({ name: "MCP token", secret: { type: "bearer", token: TOKEN }, allowedRoles: ["admin", "designer"] }),
      null,
    );
    const server = await createMcpServer(
      h.db.sql,
      mcpServerCreateSchema.parse({ name: "CRM", transport: "http", url: mcp.url, credentialId: cred.id }),
      null,
      {},
    );
    serverId = server.id;
    await refreshMcpTools(h.db.sql, serverId, null, { fetch, stdioCommands: {} });
  });
  afterAll(async () => {
    await h?.close();
    await mcp?.close();
  });
  beforeEach(() => {
    h.model.reset();
    mcp.reset();
  });

  const out = async (runId: string) => (await h.step(runId, "agent")).output as AgentOutput;
  const toolMessages = (call: number) =>
    (h.model.calls[call].messages as { role: string; content: string }[])
      .filter((m) => m.role === "tool")
      .map((m) => JSON.parse(m.content));

  it("caches the tool list (with the credential) and runs the agent with MCP tools end to end, each call once", async () => {
    const rows = await h.db.sql.all<{ tools: string }>(`SELECT "tools" FROM "McpServer" WHERE "id"=?`, [serverId]);
    expect((JSON.parse(rows[0].tools) as { name: string }[]).map((t) => t.name)).toEqual([
      "lookup",
      "refund",
      "evolving",
      "broken",
      "hang",
      "gated",
    ]);

    const { versionId } = await h.publish(
      agentGraph(
        agentConfig(h.providerId, {
          tools: [
            { name: "crm_lookup", type: "mcp", serverId, mcpTool: "lookup" },
            { name: "broken", type: "mcp", serverId, mcpTool: "broken" },
          ],
        }),
      ),
    );
    h.model.script([
      {
        toolCalls: [
          { name: "crm_lookup", arguments: { id: "c-7" } },
          { name: "broken", arguments: {} },
        ],
      },
      final("Customer c-7 found", 0.9),
    ]);
    const run = await h.start(versionId, { claimId: "C-1" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");

    // the model got the cached description and schema, and both results (the failure as an error)
    const offered = (h.model.calls[0].tools as { function: { name: string; description: string; parameters: unknown } }[]).map(
      (t) => t.function,
    );
    expect(offered[0]).toMatchObject({ name: "crm_lookup", description: "Look a customer up by id.", parameters: { required: ["id"] } });
    expect(toolMessages(1)).toEqual([
      { id: "c-7", name: "Customer c-7" },
      { error: "the MCP tool failed: the backend is down", result: "the backend is down" },
    ]);
    expect(mcp.calls.get("lookup")).toEqual([{ id: "c-7" }]);
    expect(mcp.callCount("broken")).toBe(1);
    const o = await out(run.id);
    expect(o.toolCalls.map((t) => [t.name, t.ok])).toEqual([
      ["crm_lookup", true],
      ["broken", false],
    ]);
    // each call is one sub-step row; a non-idempotent call left its start mark
    const subs = await h.db.sql.all<{ name: string }>(`SELECT "model" AS "name" FROM "ModelCall" WHERE "runId"=? ORDER BY "seq"`, [run.id]);
    expect(subs.map((r) => r.name)).toEqual(["fake-model", "tool:crm_lookup", "tool:broken", "fake-model", "decision:ok"]);
    const marks = await h.db.sql.all(`SELECT "seq" FROM "McpCallStart" WHERE "runId"=?`, [run.id]);
    expect(marks).toHaveLength(2);
  });

  it("an entry without a tool name offers every tool of the server; a hanging tool times out as an error result", async () => {
    const { versionId } = await h.publish(
      agentGraph(agentConfig(h.providerId, { tools: [{ name: "crm", type: "mcp", serverId, idempotent: true }] })),
    );
    h.model.script([{ toolCalls: [{ name: "crm_hang", arguments: {} }] }, final("gave up", 0.9)]);
    const run = await h.start(versionId, { claimId: "C-2" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    const names = (h.model.calls[0].tools as { function: { name: string } }[]).map((t) => t.function.name);
    expect(names).toEqual(["crm_lookup", "crm_refund", "crm_evolving", "crm_broken", "crm_hang", "crm_gated"]);
    const [timedOut] = toolMessages(1) as { error: string }[];
    expect(timedOut.error).toMatch(/MCP call failed: .*timed out/i);
    // idempotent tools leave no start mark
    expect(await h.db.sql.all(`SELECT "seq" FROM "McpCallStart" WHERE "runId"=?`, [run.id])).toHaveLength(0);
  });

  it("a tool that requires approval parks as an inbox task; the edited arguments are what the MCP server gets", async () => {
    const { versionId } = await h.publish(
      agentGraph(
        agentConfig(h.providerId, { tools: [{ name: "refund", type: "mcp", serverId, mcpTool: "refund", requiresApproval: true }] }),
      ),
    );
    h.model.script([{ toolCalls: [{ name: "refund", arguments: { amount: 80 } }], content: "Refund it" }, final("Refunded 30", 0.9)]);
    const run = await h.start(versionId, { claimId: "C-3" });
    expect(await h.waitFor(run.id, ["waiting", "failed", "succeeded"])).toBe("waiting");
    const [task] = (await h.store.getTasks(run.id)).filter((t) => t.status === "open");
    expect(task).toMatchObject({ type: "tool_approval", payload: { tool: "refund", arguments: { amount: 80 } } });
    expect(task.instructions).toContain("MCP tool refund");
    // the cached schema is the task's editable schema: an edit above the maximum is refused
    await expect(
      decideTask(h.deps, {
        taskId: task.id,
        userId: "rev",
        userRoles: ["reviewer"],
        decision: "approve",
        payload: { arguments: { amount: 500 } },
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/Invalid payload edit/) });
    expect(mcp.callCount("refund")).toBe(0);
    await decideTask(h.deps, {
      taskId: task.id,
      userId: "rev",
      userRoles: ["reviewer"],
      decision: "approve",
      payload: { arguments: { amount: 30 } },
    });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect(mcp.calls.get("refund")).toEqual([{ amount: 30 }]);
    expect(h.model.callCount).toBe(2);
    expect((await out(run.id)).toolCalls[0]).toMatchObject({
      name: "refund",
      arguments: { amount: 30 },
      ok: true,
      result: { refunded: 30 },
      approval: { decision: "approved", proposedArguments: { amount: 80 } },
    });
  });

  it("a non-idempotent call found started without a result is put to an admin; approval sends it again once", async () => {
    const { versionId } = await h.publish(
      agentGraph(agentConfig(h.providerId, { tools: [{ name: "crm_lookup", type: "mcp", serverId, mcpTool: "lookup" }] })),
    );
    // the model answers slowly: meanwhile the run's first tool call (sub-step 1) is marked as sent by
    // a worker that then died, as a crash between sending and storing leaves it
    h.model.script([{ toolCalls: [{ name: "crm_lookup", arguments: { id: "x" } }], delayMs: 300 }, final("done", 0.9)]);
    const run = await h.start(versionId, { claimId: "C-4" });
    await markMcpCallStart(h.db.sql, { runId: run.id, stepKey: "agent", seq: 1 }, Date.now());
    expect(await h.waitFor(run.id, ["waiting", "failed", "succeeded"])).toBe("waiting");
    const [task] = (await h.store.getTasks(run.id)).filter((t) => t.status === "open");
    expect(task).toMatchObject({ type: "recovery", stepKey: "agent~mcp-recover-1", payload: { tool: "lookup", arguments: { id: "x" } } });
    expect(mcp.callCount("lookup")).toBe(0);
    await decideTask(h.deps, { taskId: task.id, userId: "adm", userRoles: ["admin"], decision: "approve" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect(mcp.callCount("lookup")).toBe(1);
    expect(h.model.callCount).toBe(2);
  });

  it("a refresh records which tools changed their schema; a deleted server fails the step", async () => {
    mcp.changeSchema();
    await refreshMcpTools(h.db.sql, serverId, null, { fetch, stdioCommands: {} });
    const audit = await h.db.sql.all<{ data: string }>(
      `SELECT "data" FROM "AuditEvent" WHERE "action"='mcp_server.tools_refreshed' ORDER BY "id" DESC LIMIT 1`,
    );
    expect(JSON.parse(audit[0].data)).toMatchObject({ schemaChanged: ["evolving"] });

    const { versionId } = await h.publish(
      agentGraph(agentConfig(h.providerId, { tools: [{ name: "gone", type: "mcp", serverId: "no-such-server", mcpTool: "x" }] })),
    );
    h.model.script([{ toolCalls: [{ name: "gone", arguments: {} }] }]);
    const run = await h.start(versionId, { claimId: "C-5" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("failed");
    expect((await h.step(run.id, "agent")).error).toMatchObject({
      message: expect.stringMatching(/MCP server no-such-server does not exist/),
    });
  });
});
