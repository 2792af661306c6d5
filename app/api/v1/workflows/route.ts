import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { workflowDescription, workflowName } from "@/lib/workflows/api-schemas";
import { defaultGraph } from "@/lib/workflows/default-graph";
import { createFromTemplate } from "@/lib/workflows/template-bundle";
import { findTemplate } from "@/lib/workflows/templates";
import { auditWorkflow } from "@/lib/workflows/workflow-audit";
import { listWorkflows } from "@/lib/workflows/workflow-list";
import { createWorkflow } from "@/lib/workflows/workflow-store";

/** GET /api/v1/workflows?search= — workflows with their published version and last run. */
export const GET = apiRoute(
  { roles: permissions["workflows:read"], query: z.object({ search: z.string().max(200).optional() }) },
  async ({ app, query }) => ({ workflows: await listWorkflows(app.db, query.search) }),
);

/**
 * POST /api/v1/workflows `{ name, description?, template? }` — a Start → End draft, or a copy of a
 * template; a template's helper workflows (called by its agents' workflow tools) are created and
 * published first and listed in `helpers`.
 */
export const POST = apiRoute(
  {
    roles: permissions["workflows:write"],
    body: z.strictObject({
      name: workflowName,
      description: workflowDescription.default(""),
      template: z.string().max(100).optional(),
    }),
  },
  async ({ app, body, user, authMethod }) => {
    const template = body.template === undefined ? undefined : findTemplate(body.template);
    if (body.template !== undefined && !template) throw new ApiError(400, "unknown_template", `Unknown template "${body.template}".`);
    if (!template) {
      const workflow = await createWorkflow(app.db, { name: body.name, description: body.description, graph: defaultGraph() }, user.id);
      return Response.json({ workflow, helpers: [] }, { status: 201 });
    }
    // A template may call helper workflows: they are created and published first (each publish audited).
    const { workflow, helpers } = await createFromTemplate(app.db, template, { name: body.name, description: body.description }, user.id);
    for (const h of helpers) {
      await auditWorkflow(app.db, {
        action: "workflow.published",
        workflowId: h.id,
        actorId: user.id,
        authMethod,
        data: {
          version: h.version.version,
          versionId: h.version.id,
          message: h.version.message,
          warnings: h.warnings,
          template: template.id,
        },
      });
    }
    return Response.json(
      { workflow, helpers: helpers.map((h) => ({ id: h.id, name: h.name, version: h.version.version })) },
      { status: 201 },
    );
  },
);
