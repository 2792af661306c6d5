import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { listMemoryWorkflows } from "@/lib/memory/memory-admin";

/** GET /api/v1/memory — workflows that hold agent memory, with subject and entry counts and retention. */
export const GET = apiRoute({ roles: permissions["workflows:write"] }, async ({ app }) => {
  return { workflows: await listMemoryWorkflows(app.db.sql) };
});
