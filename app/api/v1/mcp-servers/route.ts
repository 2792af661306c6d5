import { apiRoute } from "@/lib/api/route";
import { mcpServerBody, mcpServersBody } from "@/lib/api/responses/settings";
import { permissions } from "@/lib/auth/roles";
import { mcpServerCreateSchema } from "@/lib/mcp/mcp-schemas";
import { createMcpServer, listMcpServers } from "@/lib/mcp/mcp-server-service";

/** GET /api/v1/mcp-servers — MCP servers with their cached tools; designers read them to pick agent tools. */
export const GET = apiRoute(
  { response: mcpServersBody, summary: "List MCP servers and their cached tools", roles: permissions["workflows:write"] },
  async ({ app }) => ({
    mcpServers: await listMcpServers(app.db.sql),
    stdioCommands: Object.keys(app.env.SWITCHYARD_MCP_STDIO_COMMANDS),
  }),
);

/** POST /api/v1/mcp-servers — add a server (admin); audited. Fetch its tools with POST …/refresh. */
export const POST = apiRoute(
  {
    response: mcpServerBody,
    summary: "Add an MCP server",
    status: 201,
    errors: ["name_taken", "validation_failed"],
    roles: permissions["settings:manage"],
    body: mcpServerCreateSchema,
  },
  async ({ app, body, user }) => {
    const mcpServer = await createMcpServer(app.db.sql, body, user.id, app.env.SWITCHYARD_MCP_STDIO_COMMANDS);
    return Response.json({ mcpServer }, { status: 201 });
  },
);
