import { randomUUID } from "node:crypto";
import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { listWorkflows } from "@/lib/workflows/workflow-list";
import { defaultGraph } from "@/lib/workflows/default-graph";

/** GET /api/v1/workflows?search= — workflows with their published version and last run. */
export const GET = apiRoute(
  { roles: permissions["workflows:read"], query: z.object({ search: z.string().max(200).optional() }) },
  async ({ app, query }) => ({ workflows: await listWorkflows(app.db, query.search) }),
);

/** POST /api/v1/workflows — create a workflow with a Start → End draft. */
export const POST = apiRoute(
  {
    roles: permissions["workflows:write"],
    body: z.strictObject({
      name: z.string().trim().min(1, "Name is required").max(120),
      description: z.string().max(2000).default(""),
    }),
  },
  async ({ app, body, user }) => {
    const wf = await app.db.prisma.workflow.create({
      data: {
        id: randomUUID(),
        name: body.name,
        description: body.description,
        draftGraph: JSON.stringify(defaultGraph()),
        createdById: user.id,
        updatedById: user.id,
      },
      select: { id: true, name: true },
    });
    return Response.json({ workflow: wf }, { status: 201 });
  },
);
