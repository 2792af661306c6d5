import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { okBody } from "@/lib/api/responses/common";
import { memoryEntryBody } from "@/lib/api/responses/settings";
import { permissions } from "@/lib/auth/roles";
import { deleteEntry, updateEntry } from "@/lib/memory/memory-admin";
import { entryPatchSchema } from "@/lib/memory/memory-schemas";

const params = z.object({ workflowId: z.string().min(1).max(200), entryId: z.string().min(1).max(200) });

/** PATCH /api/v1/memory/:workflowId/entries/:entryId — correct a fact or a remembered exchange (audited). */
export const PATCH = apiRoute(
  {
    response: memoryEntryBody,
    summary: "Correct a remembered entry",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params,
    body: entryPatchSchema,
  },
  async ({ app, params, body, user }) => {
    return { entry: await updateEntry(app.db.sql, params.workflowId, params.entryId, body, user.id) };
  },
);

/** DELETE /api/v1/memory/:workflowId/entries/:entryId — forget one entry (audited). */
export const DELETE = apiRoute(
  { response: okBody, summary: "Forget one entry", errors: ["not_found"], roles: permissions["workflows:write"], params },
  async ({ app, params, user }) => {
    await deleteEntry(app.db.sql, params.workflowId, params.entryId, user.id);
    return { ok: true };
  },
);
