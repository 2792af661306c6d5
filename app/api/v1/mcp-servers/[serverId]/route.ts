import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { okBody } from "@/lib/api/responses/common";
import { mcpServerBody } from "@/lib/api/responses/settings";
import { notFound } from "@/lib/api/errors";
import { permissions } from "@/lib/auth/roles";
import { mcpServerPatchSchema } from "@/lib/mcp/mcp-schemas";
import { deleteMcpServer, getMcpServer, updateMcpServer } from "@/lib/mcp/mcp-server-service";

const params = z.object({ serverId: z.string().min(1).max(200) });

/** GET /api/v1/mcp-servers/:serverId — one server with its cached tools. */
export const GET = apiRoute(
  { response: mcpServerBody, summary: "One MCP server", errors: ["not_found"], roles: permissions["workflows:write"], params },
  async ({ app, params }) => {
    const mcpServer = await getMcpServer(app.db.sql, params.serverId);
    if (!mcpServer) throw notFound("MCP server");
    return { mcpServer };
  },
);

/** PATCH /api/v1/mcp-servers/:serverId — edit (admin); audited. */
export const PATCH = apiRoute(
  {
    response: mcpServerBody,
    summary: "Edit an MCP server",
    errors: ["not_found", "name_taken", "validation_failed"],
    roles: permissions["settings:manage"],
    params,
    body: mcpServerPatchSchema,
  },
  async ({ app, params, body, user }) => ({
    mcpServer: await updateMcpServer(app.db.sql, params.serverId, body, user.id, app.env.SWITCHYARD_MCP_STDIO_COMMANDS),
  }),
);

/** DELETE /api/v1/mcp-servers/:serverId (admin); audited. */
export const DELETE = apiRoute(
  { response: okBody, summary: "Delete an MCP server", errors: ["not_found"], roles: permissions["settings:manage"], params },
  async ({ app, params, user }) => {
    await deleteMcpServer(app.db.sql, params.serverId, user.id);
    return { ok: true };
  },
);
