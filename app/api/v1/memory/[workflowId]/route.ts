import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { memoryWorkflowBody, retentionBody } from "@/lib/api/responses/settings";
import { permissions } from "@/lib/auth/roles";
import { getMemoryWorkflow, setRetention } from "@/lib/memory/memory-admin";
import { retentionPatchSchema } from "@/lib/memory/memory-schemas";

const params = z.object({ workflowId: z.string().min(1).max(200) });

/** GET /api/v1/memory/:workflowId — the workflow's memory subjects (newest first) and its retention. */
export const GET = apiRoute(
  {
    response: memoryWorkflowBody,
    summary: "A workflow's memory subjects and retention",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params,
  },
  async ({ app, params }) => {
    return getMemoryWorkflow(app.db.sql, params.workflowId);
  },
);

/** PATCH /api/v1/memory/:workflowId — set the retention in days (null keeps memory until erased); audited. */
export const PATCH = apiRoute(
  {
    response: retentionBody,
    summary: "Set the memory retention",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params,
    body: retentionPatchSchema,
  },
  async ({ app, params, body, user }) => {
    return setRetention(app.db.sql, params.workflowId, body.retentionDays, user.id);
  },
);
