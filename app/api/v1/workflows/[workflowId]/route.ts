import { apiRoute } from "@/lib/api/route";
import { okBody } from "@/lib/api/responses/common";
import { workflowBody, workflowPatchedBody } from "@/lib/api/responses/workflows";
import { permissions } from "@/lib/auth/roles";
import { patchWorkflowBody, workflowParams } from "@/lib/workflows/api-schemas";
import { deleteWorkflow, getWorkflow, renameWorkflow, saveDraft } from "@/lib/workflows/workflow-service";

/** GET /api/v1/workflows/:id — the workflow with its draft (graph + revision) and latest version. */
export const GET = apiRoute(
  {
    response: workflowBody,
    summary: "A workflow with its draft and latest version",
    errors: ["not_found"],
    roles: permissions["workflows:read"],
    params: workflowParams,
    workflowScope: "workflowId",
  },
  async ({ app, params }) => ({
    workflow: await getWorkflow(app.db, params.workflowId),
  }),
);

/**
 * PATCH /api/v1/workflows/:id — `{ graph, expectedRevision }` saves the draft (409 with the current
 * draft when another tab saved first); `{ name, description }` renames.
 */
export const PATCH = apiRoute(
  {
    response: workflowPatchedBody,
    summary: "Save the draft and/or rename",
    errors: ["not_found", "draft_conflict"],
    roles: permissions["workflows:write"],
    params: workflowParams,
    body: patchWorkflowBody,
    maxBodyBytes: 4 * 1024 * 1024,
  },
  async ({ app, params, body, user }) => {
    // The revision-checked save goes first: a stale revision is a 409 that must not leave a rename behind.
    const saved =
      body.graph !== undefined && body.expectedRevision !== undefined
        ? await saveDraft(app.db, params.workflowId, { graph: body.graph, expectedRevision: body.expectedRevision }, user.id)
        : null;
    if (body.name !== undefined || body.description !== undefined) {
      await renameWorkflow(app.db, params.workflowId, { name: body.name, description: body.description }, user.id);
    }
    return { ok: true, ...(saved ? { revision: saved.revision, updatedAt: saved.updatedAt } : {}) };
  },
);

/** DELETE /api/v1/workflows/:id — soft delete; 409 while runs are queued, running or waiting. Audited. */
export const DELETE = apiRoute(
  {
    response: okBody,
    summary: "Delete a workflow (soft)",
    errors: ["not_found", "workflow_has_active_runs"],
    roles: permissions["workflows:write"],
    params: workflowParams,
  },
  async ({ app, params, user, authMethod }) => {
    await deleteWorkflow(app.db, params.workflowId, { id: user.id, authMethod });
    return { ok: true };
  },
);
