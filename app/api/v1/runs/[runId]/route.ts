import { apiRoute } from "@/lib/api/route";
import { maskForRun } from "@/lib/governance/personal-data";
import { runDetailBody } from "@/lib/api/responses/runs";
import { permissions } from "@/lib/auth/roles";
import { runParams } from "@/lib/engine/api-schemas";
import { getRun } from "@/lib/engine/run-service";

/** GET /api/v1/runs/:runId — the run with its steps and tasks. */
export const GET = apiRoute(
  {
    response: runDetailBody,
    summary: "A run with its steps and tasks",
    errors: ["not_found"],
    roles: permissions["runs:read"],
    params: runParams,
    workflowScope: "runId",
  },
  async ({ app, params, user }) => maskForRun(app.db.sql, params.runId, user.role, await getRun(app.engine, params.runId)),
);
