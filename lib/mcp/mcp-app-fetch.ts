// The safe fetch the app (not the worker) reaches MCP servers with: Settings' tool refresh.
import "server-only";
import { safeFetch } from "@/lib/security/safe-fetch";
import type { Env } from "@/lib/env";
import type { McpFetch } from "@/lib/mcp/mcp-connect";

export function appMcpFetch(e: Env): McpFetch {
  return (url, init) => safeFetch(url, { ...init, allowHosts: e.SWITCHYARD_HTTP_ALLOWLIST });
}
