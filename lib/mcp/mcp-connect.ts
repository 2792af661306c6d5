// Opening an SDK Client on an MCP server. HTTP transports (streamable HTTP and the older SSE) send
// every request through the SSRF-safe fetch (streaming mode, so server-sent events arrive as they
// are sent); a credential's headers go on every request. stdio starts only a command an admin listed
// in SWITCHYARD_MCP_STDIO_COMMANDS, by name: Settings never carries a command line.
import "server-only";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { NonRetriableError } from "@/lib/engine/errors";
import type { SafeFetchInit } from "@/lib/security/safe-fetch";
import type { PublicMcpServer } from "@/lib/mcp/mcp-schemas";

export type McpFetch = (url: string, init: SafeFetchInit) => Promise<Response>;

/** Per request (a stalled server cannot hold a connection attempt longer than this). */
export const MCP_CONNECT_TIMEOUT_MS = 15_000;
/** Server-sent event streams and tool results are capped like tool responses. */
const MAX_MCP_RESPONSE_BYTES = 4 * 1024 * 1024;

export interface McpConnectOptions {
  /** The SSRF-safe fetch (the worker's, which knows the allow-list). */
  fetch: McpFetch;
  /** Credential headers sent with every request. */
  headers: Record<string, string>;
  /** SWITCHYARD_MCP_STDIO_COMMANDS. */
  stdioCommands: Record<string, string[]>;
}

/** Adapts the safe fetch to the SDK's FetchLike (headers, body, signal and redirect mode carried over). */
export function mcpFetchLike(fetch: McpFetch): (url: string | URL, init?: RequestInit) => Promise<Response> {
  return (url, init = {}) =>
    fetch(String(url), {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: init.signal ?? undefined,
      redirect: init.redirect === "manual" ? "manual" : "follow",
      stream: true,
      timeoutMs: MCP_CONNECT_TIMEOUT_MS,
      maxResponseBytes: MAX_MCP_RESPONSE_BYTES,
    });
}

function transportFor(server: PublicMcpServer, opts: McpConnectOptions): Transport {
  if (server.transport === "stdio") {
    const argv = opts.stdioCommands[server.command];
    if (!argv) {
      throw new NonRetriableError(
        `MCP server "${server.name}" uses the stdio command "${server.command}", which SWITCHYARD_MCP_STDIO_COMMANDS does not list`,
        "mcp_stdio_not_allowed",
      );
    }
    return new StdioClientTransport({ command: argv[0], args: argv.slice(1), stderr: "ignore" });
  }
  const fetch = mcpFetchLike(opts.fetch);
  const requestInit = { headers: opts.headers };
  const url = new URL(server.url);
  return server.transport === "sse"
    ? new SSEClientTransport(url, { fetch, requestInit })
    : new StreamableHTTPClientTransport(url, { fetch, requestInit });
}

/** A connected client (the initialize handshake done). The caller closes it. */
export async function connectMcp(server: PublicMcpServer, opts: McpConnectOptions, signal?: AbortSignal): Promise<Client> {
  const client = new Client({ name: "switchyard", version: "1.0.0" }, { capabilities: {} });
  await client.connect(transportFor(server, opts), { timeout: MCP_CONNECT_TIMEOUT_MS, signal });
  return client;
}
