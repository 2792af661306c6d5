import { apiRoute } from "@/lib/api/route";
import { mcpExposureResponse } from "@/lib/api/responses/settings";
import { permissions } from "@/lib/auth/roles";
import { getMcpExposure, mcpExposureBody, setMcpExposure } from "@/lib/mcp/mcp-exposure";
import { workflowParams } from "@/lib/workflows/api-schemas";

/** GET /api/v1/workflows/:workflowId/mcp — whether the workflow is offered as a tool on /api/v1/mcp, and as what. */
export const GET = apiRoute(
  {
    response: mcpExposureResponse,
    summary: "A workflow's exposure as an MCP tool",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params: workflowParams,
    workflowScope: "workflowId",
  },
  async ({ app, params }) => getMcpExposure(app.db, params.workflowId),
);

/** PUT /api/v1/workflows/:workflowId/mcp `{ expose, toolName, description }` — expose the live version as an MCP tool or stop; audited. */
export const PUT = apiRoute(
  {
    response: mcpExposureResponse,
    summary: "Expose a workflow as an MCP tool",
    errors: ["not_found", "validation_failed"],
    roles: permissions["workflows:write"],
    params: workflowParams,
    body: mcpExposureBody,
    workflowScope: "workflowId",
  },
  async ({ app, params, body, user }) => setMcpExposure(app.db, params.workflowId, body, user.id),
);
