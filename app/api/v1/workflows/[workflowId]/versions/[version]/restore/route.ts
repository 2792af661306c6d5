import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { versionParams } from "@/lib/workflows/api-schemas";
import { auditWorkflow } from "@/lib/workflows/workflow-audit";
import { restoreVersion } from "@/lib/workflows/workflow-store";

/** POST /api/v1/workflows/:id/versions/:version/restore — the version's graph becomes the new draft. Audited. */
export const POST = apiRoute(
  { roles: permissions["workflows:write"], params: versionParams },
  async ({ app, params, user, authMethod }) => {
    const draft = await restoreVersion(app.db, params.workflowId, params.version, user.id);
    await auditWorkflow(app.db, {
      action: "workflow.restored",
      workflowId: params.workflowId,
      actorId: user.id,
      authMethod,
      data: { version: params.version, draftRevision: draft.revision },
    });
    return { draft };
  },
);
