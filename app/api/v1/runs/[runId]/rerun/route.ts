import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { runParams } from "@/lib/engine/api-schemas";
import { rerunRunBody } from "@/lib/engine/control-schemas";
import { rerunFromStep } from "@/lib/engine/rerun";
import { assertRunCredentials } from "@/lib/credentials/credential-references";

/**
 * POST /api/v1/runs/:runId/rerun `{ stepKey | nodeId, inputOverride?, version? }` — start a new run
 * at a step of a finished run, reusing the stored outputs upstream (201). Contract: docs/api.md.
 */
export const POST = apiRoute(
  { roles: permissions["runs:control"], params: runParams, body: rerunRunBody },
  async ({ app, params, body, user }) => {
    // The new run acts for this user: the credentials of the version it will run must allow the role.
    const source = await app.engine.store.getRun(params.runId);
    if (source) {
      const version =
        body.version === "latest"
          ? await app.engine.store.latestVersion(source.workflowId)
          : await app.engine.store.getVersion(source.versionId);
      if (version) await assertRunCredentials(app.db.sql, version.graph, user.role);
    }
    const result = await rerunFromStep(app.engine, { runId: params.runId, ...body, userId: user.id });
    return Response.json(result, { status: 201 });
  },
);
