import { apiRoute } from "@/lib/api/route";
import { erasureJobBody } from "@/lib/api/responses/governance";
import { permissions } from "@/lib/auth/roles";
import { erasureParams } from "@/lib/governance/api-schemas";
import { getErasureJob } from "@/lib/governance/erasure";

/** GET /api/v1/governance/erasures/:erasureId — one erasure: status, progress and the report (rows per table). */
export const GET = apiRoute(
  {
    response: erasureJobBody,
    summary: "An erasure job",
    errors: ["not_found"],
    roles: permissions["settings:manage"],
    params: erasureParams,
  },
  async ({ app, params }) => ({ erasure: await getErasureJob(app.db.sql, params.erasureId) }),
);
