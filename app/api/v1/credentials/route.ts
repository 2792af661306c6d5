import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { credentialCreateSchema } from "@/lib/credentials/credential-schemas";
import { createCredential, listCredentials } from "@/lib/credentials/credential-service";

/** GET /api/v1/credentials — names, types and allowed roles (never secrets); designers pick them in HTTP nodes. */
export const GET = apiRoute({ roles: permissions["workflows:write"] }, async ({ app }) => {
  return { credentials: await listCredentials(app.db.sql) };
});

/** POST /api/v1/credentials — store a credential; its secret is encrypted and write-only (admin). */
export const POST = apiRoute({ roles: permissions["settings:manage"], body: credentialCreateSchema }, async ({ app, body, user }) => {
  const credential = await createCredential(app.db.sql, body, user.id);
  return Response.json({ credential }, { status: 201 });
});
