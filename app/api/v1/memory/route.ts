import { apiRoute } from "@/lib/api/route";
import { memoryWorkflowsBody } from "@/lib/api/responses/settings";
import { permissions } from "@/lib/auth/roles";
import { listMemoryWorkflows } from "@/lib/memory/memory-admin";

/** GET /api/v1/memory — workflows that hold agent memory, with subject and entry counts and retention. */
export const GET = apiRoute(
  { response: memoryWorkflowsBody, summary: "Workflows that hold agent memory", roles: permissions["workflows:write"] },
  async ({ app }) => {
    return { workflows: await listMemoryWorkflows(app.db.sql) };
  },
);
