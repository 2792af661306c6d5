import { apiRoute } from "@/lib/api/route";
import { workflowRetentionBody } from "@/lib/api/responses/governance";
import { permissions } from "@/lib/auth/roles";
import { workflowParams } from "@/lib/governance/api-schemas";
import { setWorkflowRetention, workflowRetentionPatchSchema } from "@/lib/governance/retention";

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
