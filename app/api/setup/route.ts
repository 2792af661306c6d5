// First-run setup: creates the first admin. Public, but only while the database has no users;
// concurrent setups are decided in one transaction (exactly one admin, the others get 409).
import { toErrorResponse } from "@/lib/api/errors";
import { DomainError } from "@/lib/errors/domain-error";
import { getAppContext } from "@/lib/server/app-context";
import { setUpFirstAdmin, setupSchema } from "@/lib/auth/users";
import { countUsers } from "@/lib/db/user-store";
import { readJsonBody } from "@/lib/api/json-body";
import { requestLimits } from "@/lib/api/limits";

export async function POST(req: Request): Promise<Response> {
  try {
    const { db } = getAppContext();
    // Cheap early answer; the decision itself is taken again under the users lock.
    if ((await countUsers(db.sql)) > 0) throw new DomainError("already_set_up", "Setup is already complete. Sign in instead.");
    const user = await setUpFirstAdmin(db.sql, setupSchema.parse(await readJsonBody(req, requestLimits().authBodyBytes)));
    return Response.json({ user }, { status: 201 });
  } catch (e) {
    return toErrorResponse(e);
  }
}
