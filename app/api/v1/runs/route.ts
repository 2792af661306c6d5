import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { listRunsQuery, startRunBody } from "@/lib/engine/api-schemas";
import { listRuns, startRun } from "@/lib/engine/run-service";

/**
 * POST /api/v1/runs `{ versionId? | workflowId?, input }` — start a run (201); startRun finds the
 * version and checks the caller's role against its credentials. Contract: docs/api.md.
 */
export const POST = apiRoute({ roles: permissions["runs:start"], body: startRunBody }, async ({ app, body, user, authMethod }) => {
  const run = await startRun(app.engine, {
    versionId: body.versionId,
    workflowId: body.workflowId,
    input: body.input,
    initiatorId: user.id,
    initiatorRole: user.role,
    trigger: authMethod === "api_key" ? "api" : "manual",
  });
  return Response.json({ run }, { status: 201 });
});

/** GET /api/v1/runs?status&workflowId&limit&cursor — newest first, cursor pagination. */
export const GET = apiRoute({ roles: permissions["runs:read"], query: listRunsQuery }, async ({ app, query }) =>
  listRuns(app.engine, query),
);
