import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { createUser, newUserSchema, toPublicUser } from "@/lib/auth/users";

/** GET /api/v1/users — all users (admin). */
export const GET = apiRoute({ roles: permissions["settings:manage"] }, async ({ app }) => {
  const users = await app.db.prisma.user.findMany({ orderBy: { createdAt: "asc" } });
  return { users: users.map(toPublicUser) };
});

/** POST /api/v1/users — create a user with a role (admin). */
export const POST = apiRoute({ roles: permissions["settings:manage"], body: newUserSchema }, async ({ app, body }) => {
  const user = await createUser(app.db.prisma, body);
  return Response.json({ user }, { status: 201 });
});
