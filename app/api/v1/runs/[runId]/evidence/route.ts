import { apiRoute } from "@/lib/api/route";
import { evidencePackBody } from "@/lib/api/responses/governance";
import { permissions } from "@/lib/auth/roles";
import { runParams } from "@/lib/engine/api-schemas";
import { buildEvidencePack } from "@/lib/governance/evidence-pack";
import { appSigningKey } from "@/lib/audit/server-key";

/**
 * GET /api/v1/runs/:runId/evidence — the run's evidence pack as one JSON file (workflow version,
 * input, step outputs, model calls with rationale, human decisions, audit records with a chain proof).
 */
export const GET = apiRoute(
  {
    response: evidencePackBody,
    summary: "A run's evidence pack",
    errors: ["not_found"],
    roles: permissions["audit:read"],
    params: runParams,
    workflowScope: "runId",
  },
  async ({ app, params, user }) => {
    const pack = await buildEvidencePack(app.db.sql, app.engine.store, params.runId, { id: user.id, role: user.role }, appSigningKey(app));
    return new Response(JSON.stringify(pack, null, 2), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="evidence-run-${params.runId}.json"`,
        "cache-control": "no-store",
      },
    });
  },
);
