// The MCP client's other transports, each against a real SDK-built server: the older SSE transport
// (an event stream plus POSTed messages, through the SSRF-safe fetch) and stdio, which starts only a
// command an admin listed in SWITCHYARD_MCP_STDIO_COMMANDS. For each: the tool list is fetched and
// cached, and an agent run calls the tool once end to end. A command not listed is refused.
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { describeEachDb } from "@/tests/helpers/test-db";
import { safeFetch } from "@/lib/security/safe-fetch";
import { createMcpServer, refreshMcpTools } from "@/lib/mcp/mcp-server-service";
import { mcpServerCreateSchema } from "@/lib/mcp/mcp-schemas";
import type { AgentOutput } from "@/lib/agents/agent-types";
import { createAgentHarness, type AgentHarness } from "./helpers/agent-harness";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";

const STDIO = { "echo-server": [process.execPath, path.join(import.meta.dirname, "helpers", "stdio-mcp-server.mjs")] };

interface SseServer {
  url: string;
  calls: unknown[];
  close(): Promise<void>;
}

/** An MCP server on the SSE transport: GET /sse opens the stream, POST /messages carries requests. */
async function startSseServer(): Promise<SseServer> {
  const calls: unknown[] = [];
  const sessions = new Map<string, SSEServerTransport>();
  const httpServer = http.createServer((req, res) => {
    void (async () => {
      if (req.method === "GET" && req.url === "/sse") {
        const transport = new SSEServerTransport("/messages", res);
        sessions.set(transport.sessionId, transport);
        const server = new Server({ name: "sse-lookup", version: "1.0.0" }, { capabilities: { tools: {} } });
        server.setRequestHandler(ListToolsRequestSchema, () => ({
          tools: [{ name: "lookup", description: "Look up.", inputSchema: { type: "object", properties: { id: { type: "string" } } } }],
        }));
        server.setRequestHandler(CallToolRequestSchema, (r) => {
          calls.push(r.params.arguments);
          return { content: [{ type: "text" as const, text: JSON.stringify({ found: r.params.arguments?.id }) }] };
        });
        res.on("close", () => {
          sessions.delete(transport.sessionId);
          void server.close();
        });
        await server.connect(transport);
        return;
      }
      const session = new URL(req.url ?? "/", "http://x").searchParams.get("sessionId");
      const transport = req.method === "POST" && session ? sessions.get(session) : undefined;
      if (!transport) {
        res.writeHead(404).end();
        return;
      }
      await transport.handlePostMessage(req, res);
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/sse`,
    calls,
    close: () => {
      httpServer.closeAllConnections();
      return new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

describeEachDb("MCP servers on the SSE and stdio transports", (dialect) => {
  let h: AgentHarness;
  let sse: SseServer;
  const fetch = (url: string, init: Parameters<typeof safeFetch>[1]) => safeFetch(url, { ...init, allowHosts: ["127.0.0.1"] });

  beforeAll(async () => {
    h = await createAgentHarness(dialect, { agents: { mcpStdioCommands: STDIO, mcpCallTimeoutMs: 10_000 } });
    sse = await startSseServer();
  });
  afterAll(async () => {
    await h?.close();
    await sse?.close();
  });
  beforeEach(() => h.model.reset());

  async function runWith(serverId: string, tool: string, args: Record<string, unknown>): Promise<AgentOutput> {
    const { versionId } = await h.publish(
      agentGraph(agentConfig(h.providerId, { tools: [{ name: "t", type: "mcp", serverId, mcpTool: tool }] })),
    );
    h.model.script([{ toolCalls: [{ name: "t", arguments: args }] }, final("done", 0.9)]);
    const run = await h.start(versionId, {});
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    return (await h.step(run.id, "agent")).output as AgentOutput;
  }

  it("SSE: lists the tools and an agent calls one, once", async () => {
    const created = await createMcpServer(
      h.db.sql,
      mcpServerCreateSchema.parse({ name: `SSE ${dialect}`, transport: "sse", url: sse.url }),
      null,
      {},
    );
    const server = await refreshMcpTools(h.db.sql, created.id, null, { fetch, stdioCommands: {} });
    expect(server.tools.map((t) => t.name)).toEqual(["lookup"]);

    sse.calls.length = 0;
    const out = await runWith(created.id, "lookup", { id: "c-7" });
    expect(out.toolCalls).toMatchObject([{ ok: true, result: { found: "c-7" } }]);
    expect(sse.calls).toEqual([{ id: "c-7" }]);
  });

  it("stdio: starts only a configured command by name; lists its tools and an agent calls one", async () => {
    const refused = createMcpServer(
      h.db.sql,
      mcpServerCreateSchema.parse({ name: `Shell ${dialect}`, transport: "stdio", command: "bash" }),
      null,
      STDIO,
    );
    await expect(refused).rejects.toThrow(/"bash" is not a configured stdio command/);

    const created = await createMcpServer(
      h.db.sql,
      mcpServerCreateSchema.parse({ name: `Echo ${dialect}`, transport: "stdio", command: "echo-server" }),
      null,
      STDIO,
    );
    const server = await refreshMcpTools(h.db.sql, created.id, null, { fetch, stdioCommands: STDIO });
    expect(server.tools.map((t) => t.name)).toEqual(["echo"]);
    // Without the command in the list (another process's configuration), the listing is refused.
    await expect(refreshMcpTools(h.db.sql, created.id, null, { fetch, stdioCommands: {} })).rejects.toThrow(
      /SWITCHYARD_MCP_STDIO_COMMANDS/,
    );

    const out = await runWith(created.id, "echo", { text: "hello" });
    expect(out.toolCalls).toMatchObject([{ ok: true, result: { echo: "hello" } }]);
    expect((out.toolCalls[0].result as { pid: number }).pid).not.toBe(process.pid);
  });
});
