import { apiRoute } from "@/lib/api/route";
import { runHoldBody } from "@/lib/api/responses/governance";
import { permissions } from "@/lib/auth/roles";
import { runParams } from "@/lib/engine/api-schemas";
import { legalHoldBody } from "@/lib/governance/api-schemas";
import { getRunHold, setRunHold } from "@/lib/governance/retention";

/** GET /api/v1/runs/:runId/legal-hold — whether the run is on legal hold (the run page's badge). */
export const GET = apiRoute(
  {
    response: runHoldBody,
    summary: "Whether a run is on legal hold",
    errors: ["not_found"],
    roles: permissions["runs:read"],
    params: runParams,
    workflowScope: "runId",
  },
  async ({ app, params }) => getRunHold(app.db.sql, params.runId),
);

/** POST /api/v1/runs/:runId/legal-hold `{ hold }` — put a run on legal hold (retention never deletes it) or release it; audited. */
export const POST = apiRoute(
  {
    response: runHoldBody,
    summary: "Put a run on legal hold or release it",
    errors: ["not_found"],
    roles: permissions["settings:manage"],
    params: runParams,
    body: legalHoldBody,
  },
  async ({ app, params, body, user }) => setRunHold(app.db.sql, params.runId, body.hold, user.id),
);
