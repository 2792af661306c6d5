import { apiRoute } from "@/lib/api/route";
import { userBody, usersBody } from "@/lib/api/responses/settings";
import { permissions } from "@/lib/auth/roles";
import { createUser, newUserSchema } from "@/lib/auth/users";
import { listUsers } from "@/lib/db/user-store";

/** GET /api/v1/users — all users (admin). */
export const GET = apiRoute({ response: usersBody, summary: "All users", roles: permissions["settings:manage"] }, async ({ app }) => {
  return { users: await listUsers(app.db.sql) };
});

/** POST /api/v1/users — create a user with a role (admin). */
export const POST = apiRoute(
  {
    response: userBody,
    summary: "Create a user",
    status: 201,
    errors: ["email_taken"],
    roles: permissions["settings:manage"],
    body: newUserSchema,
  },
  async ({ app, body, user, authMethod }) => {
    const created = await createUser(app.db.sql, body, { id: user.id, type: authMethod === "api_key" ? "api_key" : "user" });
    return Response.json({ user: created }, { status: 201 });
  },
);
