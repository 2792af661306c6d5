import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { notFound } from "@/lib/api/errors";
import { permissions } from "@/lib/auth/roles";
import { credentialPatchSchema } from "@/lib/credentials/credential-schemas";
import { deleteCredential, getCredential, updateCredential } from "@/lib/credentials/credential-service";

const params = z.object({ credentialId: z.string().min(1).max(200) });

/** GET /api/v1/credentials/:credentialId — metadata only. */
export const GET = apiRoute({ roles: permissions["workflows:write"], params }, async ({ app, params }) => {
  const credential = await getCredential(app.db.sql, params.credentialId);
  if (!credential) throw notFound("Credential");
  return { credential };
});

/** PATCH /api/v1/credentials/:credentialId — rename, change roles, or replace the secret (admin). */
export const PATCH = apiRoute(
  { roles: permissions["settings:manage"], params, body: credentialPatchSchema },
  async ({ app, params, body, user }) => {
    return { credential: await updateCredential(app.db.sql, params.credentialId, body, user.id) };
  },
);

/** DELETE /api/v1/credentials/:credentialId (admin). */
export const DELETE = apiRoute({ roles: permissions["settings:manage"], params }, async ({ app, params, user }) => {
  await deleteCredential(app.db.sql, params.credentialId, user.id);
  return { ok: true };
});
