import { apiRoute } from "@/lib/api/route";
import { providerBody, providersBody } from "@/lib/api/responses/settings";
import { permissions } from "@/lib/auth/roles";
import { ensureEnvProvider } from "@/lib/providers/env-provider";
import { providerCreateSchema } from "@/lib/providers/provider-schemas";
import { createProvider, listProviders } from "@/lib/providers/provider-service";

/** GET /api/v1/providers — model providers (never their keys; `hasKey` only). Designers read them to configure agent nodes. */
export const GET = apiRoute(
  { response: providersBody, summary: "List model providers (never their keys)", roles: permissions["workflows:write"] },
  async ({ app }) => {
    await ensureEnvProvider(app.db.sql, app.env);
    return { providers: await listProviders(app.db.sql) };
  },
);

/** POST /api/v1/providers — add a provider; the API key is encrypted and write-only (admin). */
export const POST = apiRoute(
  {
    response: providerBody,
    summary: "Add a model provider",
    status: 201,
    errors: ["name_taken", "default_required"],
    roles: permissions["settings:manage"],
    body: providerCreateSchema,
  },
  async ({ app, body, user }) => {
    const provider = await createProvider(app.db.sql, body, user.id);
    return Response.json({ provider }, { status: 201 });
  },
);
