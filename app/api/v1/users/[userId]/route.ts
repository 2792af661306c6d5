import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { ApiError, notFound } from "@/lib/api/errors";
import { permissions, roleSchema } from "@/lib/auth/roles";
import { toPublicUser } from "@/lib/auth/users";

/** PATCH /api/v1/users/:userId — change role or disable (admin). The last active admin stays admin. */
export const PATCH = apiRoute(
  {
    roles: permissions["settings:manage"],
    params: z.object({ userId: z.string().min(1) }),
    body: z
      .strictObject({ role: roleSchema.optional(), disabled: z.boolean().optional() })
      .refine((b) => b.role !== undefined || b.disabled !== undefined, "Provide role or disabled"),
  },
  async ({ app, params, body }) => {
    const prisma = app.db.prisma;
    const target = await prisma.user.findUnique({ where: { id: params.userId } });
    if (!target) throw notFound("User");
    const losesAdmin = target.role === "admin" && ((body.role && body.role !== "admin") || body.disabled === true);
    if (losesAdmin) {
      const admins = await prisma.user.count({ where: { role: "admin", disabled: false } });
      if (admins <= 1) throw new ApiError(409, "last_admin", "At least one active admin must remain.");
    }
    const user = await prisma.user.update({ where: { id: target.id }, data: body });
    if (body.disabled) await prisma.session.deleteMany({ where: { userId: target.id } });
    return { user: toPublicUser(user) };
  },
);
