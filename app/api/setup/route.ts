// First-run setup: creates the first admin. Public, but only while the database has no users.
import { toErrorResponse, ApiError } from "@/lib/api/errors";
import { getAppContext } from "@/lib/server/app-context";
import { createUser, newUserSchema } from "@/lib/auth/users";

const setupSchema = newUserSchema.omit({ role: true });

export async function POST(req: Request): Promise<Response> {
  try {
    const { db } = getAppContext();
    if ((await db.prisma.user.count()) > 0) {
      throw new ApiError(409, "already_set_up", "Setup is already complete. Sign in instead.");
    }
    let json: unknown;
    try {
      json = await req.json();
    } catch {
      throw new ApiError(400, "malformed_json", "Request body is not valid JSON.");
    }
    const input = setupSchema.parse(json);
    const user = await createUser(db.prisma, { ...input, role: "admin" });
    return Response.json({ user }, { status: 201 });
  } catch (e) {
    return toErrorResponse(e);
  }
}
