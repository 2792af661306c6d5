import { apiRoute } from "@/lib/api/route";
import { okBody } from "@/lib/api/responses/common";
import { changeOwnPassword, changePasswordSchema } from "@/lib/auth/change-password";

/**
 * POST /api/v1/account/password `{ currentPassword, newPassword }` — change your own password (signed in;
 * not with an API key). 400 invalid_current_password when the current one is wrong. Every other session
 * of the user ends; this browser gets a fresh session cookie. Audited.
 */
export const POST = apiRoute(
  {
    response: okBody,
    summary: "Change your own password (other sessions end)",
    errors: ["invalid_current_password", "validation_failed"],
    roles: "any",
    sessionOnly: true,
    body: changePasswordSchema,
  },
  async ({ app, req, user, body }) => {
    const cookies = await changeOwnPassword(app.auth, app.db.sql, user.id, req.headers, body);
    const headers = new Headers({ "cache-control": "no-store" });
    for (const c of cookies) headers.append("set-cookie", c);
    return Response.json({ ok: true }, { headers });
  },
);
