import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { memoryEntriesBody, memoryErasedBody } from "@/lib/api/responses/settings";
import { permissions } from "@/lib/auth/roles";
import { eraseSubject, listEntries } from "@/lib/memory/memory-admin";

const params = z.object({ workflowId: z.string().min(1).max(200) });
const query = z.object({ subject: z.string().min(1, "subject is required").max(200) });

/** GET /api/v1/memory/:workflowId/entries?subject= — turns and facts remembered about one subject. */
export const GET = apiRoute(
  {
    response: memoryEntriesBody,
    summary: "What is remembered about one subject",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params,
    query,
  },
  async ({ app, params, query }) => {
    return { entries: await listEntries(app.db.sql, params.workflowId, query.subject) };
  },
);

/** DELETE /api/v1/memory/:workflowId/entries?subject= — erase everything about the subject (audited). */
export const DELETE = apiRoute(
  {
    response: memoryErasedBody,
    summary: "Erase everything about a subject",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params,
    query,
  },
  async ({ app, params, query, user }) => {
    return eraseSubject(app.db.sql, params.workflowId, query.subject, user.id);
  },
);
