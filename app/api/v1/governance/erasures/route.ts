import { apiRoute } from "@/lib/api/route";
import { erasureJobBody, erasureJobsBody } from "@/lib/api/responses/governance";
import { permissions } from "@/lib/auth/roles";
import { erasureRequestBody } from "@/lib/governance/api-schemas";
import { listErasureJobs, requestErasure } from "@/lib/governance/erasure";

/** GET /api/v1/governance/erasures — erasure jobs, newest first, with progress and report. */
export const GET = apiRoute(
  { response: erasureJobsBody, summary: "Erasure jobs", roles: permissions["settings:manage"] },
  async ({ app }) => ({ erasures: await listErasureJobs(app.db.sql) }),
);

/**
 * POST /api/v1/governance/erasures `{ subject, reason? }` — erase a data subject everywhere: memory
 * under the subject key now, its runs (and everything under them) by the worker in batches; audited.
 */
export const POST = apiRoute(
  {
    response: erasureJobBody,
    status: 201,
    summary: "Request the erasure of a data subject",
    roles: permissions["settings:manage"],
    body: erasureRequestBody,
  },
  async ({ app, body, user }) => {
    const erasure = await requestErasure(app.db.sql, { subject: body.subject, reason: body.reason, actorId: user.id });
    return Response.json({ erasure }, { status: 201 });
  },
);
