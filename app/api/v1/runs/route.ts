import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { listRunsQuery, startRunBody } from "@/lib/engine/api-schemas";
import { NotFoundError } from "@/lib/engine/errors";
import { listRuns, startRun } from "@/lib/engine/run-service";
import { assertRunCredentials } from "@/lib/credentials/credential-references";

/** POST /api/v1/runs `{ versionId? | workflowId?, input }` — start a run (201). Contract: docs/api.md. */
export const POST = apiRoute({ roles: permissions["runs:start"], body: startRunBody }, async ({ app, body, user, authMethod }) => {
  let versionId = body.versionId;
  if (!versionId) {
    const latest = await app.engine.store.latestVersion(body.workflowId!);
    if (!latest) throw new NotFoundError("This workflow has no published version");
    versionId = latest.id;
  }
  // Credentials the version uses must allow the caller's role (403 before anything is written).
  const version = await app.engine.store.getVersion(versionId);
  if (version) await assertRunCredentials(app.db.sql, version.graph, user.role);
  const run = await startRun(app.engine, {
    versionId,
    input: body.input,
    initiatorId: user.id,
    trigger: authMethod === "api_key" ? "api" : "manual",
  });
  return Response.json({ run }, { status: 201 });
});

/** GET /api/v1/runs?status&workflowId&limit&cursor — newest first, cursor pagination. */
export const GET = apiRoute({ roles: permissions["runs:read"], query: listRunsQuery }, async ({ app, query }) =>
  listRuns(app.engine, query),
);
