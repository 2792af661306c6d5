/**
 * A real MCP server (streamable HTTP, stateless) on loopback, built with @modelcontextprotocol/sdk,
 * for tests, E2E and the benchmark.
 *
 *   const mcp = await startFakeMcpServer({ expectToken: "t0ken" });
 *   // point an McpServer row at mcp.url; mcp.calls counts calls per tool
 *   mcp.changeSchema();   // `evolving` now requires another argument
 *   mcp.release();        // lets calls of `gated` return
 *   await mcp.close();
 *
 * Auth: `expectToken` (one bearer token) or `acceptToken` (a check, for OAuth-issued tokens); with
 * `authorizationServer`, the server publishes its protected resource metadata (RFC 9728) naming it,
 * and a 401 points at that metadata, as an MCP server that supports OAuth does. `refusals` counts 401s.
 *
 * Tools: `lookup` {id} → {id, name}; `refund` {amount} → {refunded}; `evolving` (its schema changes
 * with changeSchema); `broken` → an isError result; `hang` never answers; `gated` answers once
 * released (crash tests kill the worker while it waits).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

export interface FakeMcpServer {
  url: string;
  /** Calls per tool name (arguments in order). */
  calls: Map<string, unknown[]>;
  callCount(tool: string): number;
  changeSchema(): void;
  /** Lets every waiting and future `gated` call answer. */
  release(): void;
  /** Resolves when a `gated` call has arrived. */
  gatedArrived(): Promise<void>;
  reset(): void;
  /** Requests refused with 401. */
  refusals: number;
  close(): Promise<void>;
}

export interface FakeMcpOptions {
  port?: number;
  expectToken?: string;
  acceptToken?: (token: string) => boolean;
  /** The OAuth authorization server the protected resource metadata names. */
  authorizationServer?: string;
}

const obj = (properties: Record<string, unknown>, required: string[]) => ({ type: "object" as const, properties, required });

export async function startFakeMcpServer(opts: FakeMcpOptions = {}): Promise<FakeMcpServer> {
  const calls = new Map<string, unknown[]>();
  let schemaVersion = 1;
  let released = false;
  let waiters: (() => void)[] = [];
  let arrivals: (() => void)[] = [];
  let arrived = 0;
  const hanging = new Set<() => void>();
  let refusals = 0;
  const authorized = (header: string | undefined): boolean => {
    if (opts.expectToken) return header === `Bearer ${opts.expectToken}`;
    if (opts.acceptToken) return !!header?.startsWith("Bearer ") && opts.acceptToken(header.slice("Bearer ".length));
    return true;
  };

  const tools = () => [
    { name: "lookup", description: "Look a customer up by id.", inputSchema: obj({ id: { type: "string" } }, ["id"]) },
    {
      name: "refund",
      description: "Refund an amount to the customer.",
      inputSchema: obj({ amount: { type: "number", maximum: 100 } }, ["amount"]),
    },
    {
      name: "evolving",
      description: "A tool whose schema changes.",
      inputSchema:
        schemaVersion === 1
          ? obj({ q: { type: "string" } }, ["q"])
          : obj({ q: { type: "string" }, locale: { type: "string" } }, ["q", "locale"]),
    },
    { name: "broken", description: "Always fails.", inputSchema: obj({}, []) },
    { name: "hang", description: "Never answers.", inputSchema: obj({}, []) },
    { name: "gated", description: "Answers once released.", inputSchema: obj({ n: { type: "number" } }, []) },
  ];

  function mcpServer(): Server {
    const server = new Server({ name: "fake-mcp", version: "1.0.0" }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools() }));
    server.setRequestHandler(CallToolRequestSchema, async (req, extra) => {
      const { name, arguments: args = {} } = req.params;
      calls.set(name, [...(calls.get(name) ?? []), args]);
      const text = (v: unknown) => ({ content: [{ type: "text" as const, text: JSON.stringify(v) }] });
      switch (name) {
        case "lookup":
          return text({ id: args.id, name: `Customer ${String(args.id)}` });
        case "refund":
          return text({ refunded: args.amount });
        case "evolving":
          return text({ echo: args });
        case "broken":
          return { isError: true, content: [{ type: "text" as const, text: "the backend is down" }] };
        case "hang":
          await new Promise<void>((resolve) => {
            hanging.add(resolve);
            extra.signal.addEventListener("abort", () => resolve(), { once: true });
          });
          return text({ late: true });
        case "gated":
          arrived++;
          for (const a of arrivals) a();
          arrivals = [];
          if (!released) await new Promise<void>((resolve) => waiters.push(resolve));
          return text({ done: args.n ?? null });
        default:
          return { isError: true, content: [{ type: "text" as const, text: `unknown tool ${name}` }] };
      }
    });
    return server;
  }

  const httpServer = http.createServer((req, res) => {
    void (async () => {
      const metadataUrl = `http://${req.headers.host}/.well-known/oauth-protected-resource/mcp`;
      if (opts.authorizationServer && req.url?.startsWith("/.well-known/oauth-protected-resource")) {
        const metadata = { resource: `http://${req.headers.host}/mcp`, authorization_servers: [opts.authorizationServer] };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(metadata));
        return;
      }
      if (!authorized(req.headers.authorization)) {
        refusals++;
        const challenge = opts.authorizationServer ? { "www-authenticate": `Bearer resource_metadata="${metadataUrl}"` } : {};
        res.writeHead(401, { "content-type": "application/json", ...challenge }).end(JSON.stringify({ error: "unauthorized" }));
        return;
      }
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]])),
        body: req.method === "GET" || req.method === "HEAD" || !body.length ? undefined : body,
      });
      const server = mcpServer();
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      await server.connect(transport);
      const response = await transport.handleRequest(request);
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      if (response.body) {
        const reader = response.body.getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) res.write(r.value);
      }
      res.end();
      res.on("close", () => void server.close());
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(e));
      else res.end();
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = httpServer.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    callCount: (tool) => calls.get(tool)?.length ?? 0,
    changeSchema() {
      schemaVersion = 2;
    },
    release() {
      released = true;
      for (const w of waiters) w();
      waiters = [];
    },
    get refusals() {
      return refusals;
    },
    gatedArrived: () => (arrived > 0 ? Promise.resolve() : new Promise<void>((resolve) => arrivals.push(resolve))),
    reset() {
      calls.clear();
      schemaVersion = 1;
      released = false;
      arrived = 0;
      refusals = 0;
    },
    async close() {
      for (const h of hanging) h();
      for (const w of waiters) w();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
