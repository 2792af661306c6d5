import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { maskForRun } from "@/lib/governance/personal-data";
import { stepDetailBody } from "@/lib/api/responses/runs";
import { permissions } from "@/lib/auth/roles";
import { loadStepDetail } from "@/lib/db/run-view-read";

const params = z.object({ runId: z.string().min(1).max(128), stepKey: z.string().min(1).max(300) });

/**
 * GET /api/v1/runs/:runId/steps/:stepKey — the step inspector: input, output, error, attempts with
 * retry reasons, model calls, the approval task with its decisions (secrets masked).
 */
export const GET = apiRoute(
  {
    response: stepDetailBody,
    summary: "The step inspector",
    errors: ["not_found"],
    roles: permissions["runs:read"],
    params,
    workflowScope: "runId",
  },
  async ({ app, params, user }) =>
    maskForRun(app.db.sql, params.runId, user.role, await loadStepDetail(app.db.sql, params.runId, params.stepKey)),
);
