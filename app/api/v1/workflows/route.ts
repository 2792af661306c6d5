import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { workflowDescription, workflowName } from "@/lib/workflows/api-schemas";
import { defaultGraph } from "@/lib/workflows/default-graph";
import { findTemplate } from "@/lib/workflows/templates";
import { listWorkflows } from "@/lib/workflows/workflow-list";
import { createWorkflow } from "@/lib/workflows/workflow-store";

/** GET /api/v1/workflows?search= — workflows with their published version and last run. */
export const GET = apiRoute(
  { roles: permissions["workflows:read"], query: z.object({ search: z.string().max(200).optional() }) },
  async ({ app, query }) => ({ workflows: await listWorkflows(app.db, query.search) }),
);

/** POST /api/v1/workflows `{ name, description?, template? }` — a Start → End draft, or a copy of a template. */
export const POST = apiRoute(
  {
    roles: permissions["workflows:write"],
    body: z.strictObject({
      name: workflowName,
      description: workflowDescription.default(""),
      template: z.string().max(100).optional(),
    }),
  },
  async ({ app, body, user }) => {
    const template = body.template === undefined ? undefined : findTemplate(body.template);
    if (body.template !== undefined && !template) throw new ApiError(400, "unknown_template", `Unknown template "${body.template}".`);
    const workflow = await createWorkflow(
      app.db,
      { name: body.name, description: body.description || (template?.description ?? ""), graph: template ? template.build() : defaultGraph() },
      user.id,
    );
    return Response.json({ workflow }, { status: 201 });
  },
);
