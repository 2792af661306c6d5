import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { userBody } from "@/lib/api/responses/settings";
import { permissions, roleSchema } from "@/lib/auth/roles";
import { updateUser } from "@/lib/db/user-store";

/**
 * PATCH /api/v1/users/:userId — change role or disable (admin). The last active admin stays admin
 * (409 last_admin, also when two admins demote each other at once); disabling ends the user's sessions.
 */
export const PATCH = apiRoute(
  {
    response: userBody,
    summary: "Change a user's role or disable them",
    errors: ["not_found", "last_admin"],
    roles: permissions["settings:manage"],
    params: z.object({ userId: z.string().min(1) }),
    body: z
      .strictObject({ role: roleSchema.optional(), disabled: z.boolean().optional() })
      .refine((b) => b.role !== undefined || b.disabled !== undefined, "Provide role or disabled"),
  },
  async ({ app, params, body, user, authMethod }) => {
    const updated = await updateUser(app.db.sql, params.userId, body, { id: user.id, type: authMethod === "api_key" ? "api_key" : "user" });
    return { user: updated };
  },
);
