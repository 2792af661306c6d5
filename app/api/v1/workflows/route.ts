import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { workflowCreatedBody, workflowListBody } from "@/lib/api/responses/workflows";
import { permissions } from "@/lib/auth/roles";
import { listWorkflows } from "@/lib/db/workflow-list-read";
import { DomainError } from "@/lib/errors/domain-error";
import { workflowDescription, workflowName } from "@/lib/workflows/api-schemas";
import { defaultGraph } from "@/lib/workflows/default-graph";
import { createFromTemplate } from "@/lib/workflows/template-bundle";
import { findTemplate } from "@/lib/workflows/templates";
import { createWorkflow } from "@/lib/workflows/workflow-service";

/** GET /api/v1/workflows?search= — workflows with their published version and last run. */
export const GET = apiRoute(
  {
    response: workflowListBody,
    summary: "Workflows with their published version and last run",
    roles: permissions["workflows:read"],
    query: z.object({ search: z.string().max(200).optional() }),
    workflowScope: "handler",
  },
  async ({ app, query, scope }) => ({ workflows: (await listWorkflows(app.db.sql, query.search)).filter((w) => scope.allows(w.id)) }),
);

/**
 * POST /api/v1/workflows `{ name, description?, template? }` — a Start → End draft, or a copy of a
 * template; a template's helper workflows (called by its agents' workflow tools) are created and
 * published first and listed in `helpers`.
 */
export const POST = apiRoute(
  {
    response: workflowCreatedBody,
    summary: "Create a workflow (empty or from a template)",
    status: 201,
    errors: ["unknown_template"],
    roles: permissions["workflows:write"],
    body: z.strictObject({
      name: workflowName,
      description: workflowDescription.default(""),
      template: z.string().max(100).optional(),
    }),
  },
  async ({ app, body, user, authMethod }) => {
    const template = body.template === undefined ? undefined : findTemplate(body.template);
    if (body.template !== undefined && !template) throw new DomainError("unknown_template", `Unknown template "${body.template}".`);
    if (!template) {
      const workflow = await createWorkflow(app.db, { name: body.name, description: body.description, graph: defaultGraph() }, user.id);
      return Response.json({ workflow, helpers: [] }, { status: 201 });
    }
    // A template may call helper workflows: they are created and published first (each publish audited).
    const { workflow, helpers } = await createFromTemplate(
      app.db,
      template,
      { name: body.name, description: body.description },
      { id: user.id, authMethod },
    );
    return Response.json(
      { workflow, helpers: helpers.map((h) => ({ id: h.id, name: h.name, version: h.version.version })) },
      { status: 201 },
    );
  },
);
