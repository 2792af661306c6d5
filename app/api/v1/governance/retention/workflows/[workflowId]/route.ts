import { apiRoute } from "@/lib/api/route";
import { workflowRetentionBody, workflowRetentionViewBody } from "@/lib/api/responses/governance";
import { permissions } from "@/lib/auth/roles";
import { workflowParams } from "@/lib/governance/api-schemas";
import { setWorkflowRetention, workflowRetention, workflowRetentionPatchSchema } from "@/lib/governance/retention";

/** GET /api/v1/governance/retention/workflows/:workflowId — the workflow's retention, hold and purge preview, with the global default. */
export const GET = apiRoute(
  {
    response: workflowRetentionViewBody,
    summary: "A workflow's retention, legal hold and purge preview",
    errors: ["not_found"],
    roles: permissions["settings:manage"],
    params: workflowParams,
  },
  async ({ app, params }) => workflowRetention(app.db.sql, params.workflowId),
);

/** PATCH /api/v1/governance/retention/workflows/:workflowId `{ runRetentionDays?, legalHold? }` — a workflow's retention and legal hold; audited. */
export const PATCH = apiRoute(
  {
    response: workflowRetentionBody,
    summary: "Set a workflow's retention or legal hold",
    errors: ["not_found"],
    roles: permissions["settings:manage"],
    params: workflowParams,
    body: workflowRetentionPatchSchema,
  },
  async ({ app, params, body, user }) => setWorkflowRetention(app.db.sql, params.workflowId, body, user.id),
);
