import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { mcpServerBody } from "@/lib/api/responses/settings";
import { permissions } from "@/lib/auth/roles";
import { appMcpFetch } from "@/lib/mcp/mcp-app-fetch";
import { refreshMcpTools } from "@/lib/mcp/mcp-server-service";

const params = z.object({ serverId: z.string().min(1).max(200) });

/** POST /api/v1/mcp-servers/:serverId/refresh — fetch the tool list with the MCP client and cache it (admin). */
export const POST = apiRoute(
  {
    response: mcpServerBody,
    summary: "Fetch and cache an MCP server's tools",
    errors: ["not_found", "mcp_unreachable", "credential_missing"],
    roles: permissions["settings:manage"],
    params,
  },
  async ({ app, params, user }) => ({
    mcpServer: await refreshMcpTools(app.db.sql, params.serverId, user.id, {
      fetch: appMcpFetch(app.env),
      stdioCommands: app.env.SWITCHYARD_MCP_STDIO_COMMANDS,
    }),
  }),
);
