// Connected MCP clients of one worker, reused across calls and runs (the initialize handshake is
// paid once per server, not per call). Keyed by the server row's id and last change and by the
// auth its credential gives (headers, or an OAuth client whose tokens mcp-oauth.ts fetches and
// renews), so an edited server or a replaced secret opens a new connection.
// A client whose transport fails is dropped; `close` ends them all (stdio servers are processes).
import "server-only";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { hashJson } from "@/lib/security/hash";
import { connectMcp, type McpFetch } from "@/lib/mcp/mcp-connect";
import { mcpAuthFetch, type McpAuth } from "@/lib/mcp/mcp-oauth";
import type { PublicMcpServer } from "@/lib/mcp/mcp-schemas";

export class McpClientPool {
  private readonly clients = new Map<string, Promise<Client>>();

  constructor(
    private readonly stdioCommands: Record<string, string[]> = {},
    /** How long a tool call may take before the model is told it timed out. */
    readonly callTimeoutMs = 30_000,
  ) {}

  private key(server: PublicMcpServer, auth: McpAuth): string {
    return `${server.id}:${server.updatedAtMs}:${hashJson({ headers: auth.headers, oauth: auth.oauth ?? null })}`;
  }

  /** A connected client for the server (connecting when there is none). */
  get(server: PublicMcpServer, auth: McpAuth, fetch: McpFetch): Promise<Client> {
    const key = this.key(server, auth);
    let client = this.clients.get(key);
    if (!client) {
      const opts = { fetch: mcpAuthFetch(fetch, auth, server.url), headers: auth.headers, stdioCommands: this.stdioCommands };
      client = connectMcp(server, opts).then((c) => {
        c.onclose = () => {
          if (this.clients.get(key) === client) this.clients.delete(key);
        };
        return c;
      });
      this.clients.set(key, client);
      client.catch(() => {
        if (this.clients.get(key) === client) this.clients.delete(key);
      });
    }
    return client;
  }

  /** Forget a client after a transport failure (the next call connects again). */
  drop(server: PublicMcpServer, auth: McpAuth): void {
    const key = this.key(server, auth);
    const client = this.clients.get(key);
    if (!client) return;
    this.clients.delete(key);
    void client.then((c) => c.close()).catch(() => undefined);
  }

  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((c) => c.then((x) => x.close()).catch(() => undefined)));
  }
}
