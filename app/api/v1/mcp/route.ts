import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { handleMcpRequest } from "@/lib/mcp/switchyard-mcp-server";

const mcpMessage = z.looseObject({}).meta({ description: "JSON-RPC messages (MCP streamable HTTP), as JSON or server-sent events." });

/**
 * POST /api/v1/mcp — Switchyard's MCP endpoint (streamable HTTP, stateless): exposed workflows as
 * tools, get_run, and the inbox when enabled. Authenticate with an API key (Authorization: Bearer).
 * Tools check the caller's role and the key's workflow scope themselves (docs/agents.md).
 */
export const POST = apiRoute(
  { response: mcpMessage, summary: "MCP endpoint (streamable HTTP)", roles: "any", workflowScope: "handler" },
  async ({ req, app, user, scope }) => handleMcpRequest(req, { app, user, scope }),
);

/** GET /api/v1/mcp — no server-initiated stream in stateless mode (405, as the MCP spec allows). */
export const GET = apiRoute({ response: mcpMessage, summary: "MCP endpoint: no standalone stream", roles: "any" }, async () =>
  Response.json(
    { jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed." }, id: null },
    { status: 405, headers: { allow: "POST" } },
  ),
);
