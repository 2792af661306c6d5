import { apiRoute } from "@/lib/api/route";
import { credentialBody, credentialsBody } from "@/lib/api/responses/settings";
import { permissions } from "@/lib/auth/roles";
import { credentialCreateSchema } from "@/lib/credentials/credential-schemas";
import { createCredential, listCredentials } from "@/lib/credentials/credential-service";

/** GET /api/v1/credentials — names, types and allowed roles (never secrets); designers pick them in HTTP nodes. */
export const GET = apiRoute(
  { response: credentialsBody, summary: "List credentials (metadata, never secrets)", roles: permissions["workflows:write"] },
  async ({ app }) => {
    return { credentials: await listCredentials(app.db.sql) };
  },
);

/** POST /api/v1/credentials — store a credential; its secret is encrypted and write-only (admin). */
export const POST = apiRoute(
  {
    response: credentialBody,
    summary: "Store a credential (secret encrypted, write-only)",
    status: 201,
    errors: ["name_taken"],
    roles: permissions["settings:manage"],
    body: credentialCreateSchema,
  },
  async ({ app, body, user }) => {
    const credential = await createCredential(app.db.sql, body, user.id);
    return Response.json({ credential }, { status: 201 });
  },
);
