import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { okBody } from "@/lib/api/responses/common";
import { credentialBody } from "@/lib/api/responses/settings";
import { notFound } from "@/lib/api/errors";
import { permissions } from "@/lib/auth/roles";
import { credentialPatchSchema } from "@/lib/credentials/credential-schemas";
import { deleteCredential, getCredential, updateCredential } from "@/lib/credentials/credential-service";

const params = z.object({ credentialId: z.string().min(1).max(200) });

/** GET /api/v1/credentials/:credentialId — metadata only. */
export const GET = apiRoute(
  { response: credentialBody, summary: "One credential's metadata", errors: ["not_found"], roles: permissions["workflows:write"], params },
  async ({ app, params }) => {
    const credential = await getCredential(app.db.sql, params.credentialId);
    if (!credential) throw notFound("Credential");
    return { credential };
  },
);

/** PATCH /api/v1/credentials/:credentialId — rename, change roles, or replace the secret (admin). */
export const PATCH = apiRoute(
  {
    response: credentialBody,
    summary: "Rename, change roles or replace the secret",
    errors: ["not_found", "name_taken", "kind_mismatch"],
    roles: permissions["settings:manage"],
    params,
    body: credentialPatchSchema,
  },
  async ({ app, params, body, user }) => {
    return { credential: await updateCredential(app.db.sql, params.credentialId, body, user.id) };
  },
);

/** DELETE /api/v1/credentials/:credentialId (admin). */
export const DELETE = apiRoute(
  { response: okBody, summary: "Delete a credential", errors: ["not_found"], roles: permissions["settings:manage"], params },
  async ({ app, params, user }) => {
    await deleteCredential(app.db.sql, params.credentialId, user.id);
    return { ok: true };
  },
);
