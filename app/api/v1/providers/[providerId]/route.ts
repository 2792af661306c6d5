import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { okBody } from "@/lib/api/responses/common";
import { providerBody } from "@/lib/api/responses/settings";
import { notFound } from "@/lib/api/errors";
import { permissions } from "@/lib/auth/roles";
import { providerPatchSchema } from "@/lib/providers/provider-schemas";
import { deleteProvider, getProvider, updateProvider } from "@/lib/providers/provider-service";

const params = z.object({ providerId: z.string().min(1).max(200) });

/** GET /api/v1/providers/:providerId — one provider (no key). */
export const GET = apiRoute(
  { response: providerBody, summary: "One model provider", errors: ["not_found"], roles: permissions["workflows:write"], params },
  async ({ app, params }) => {
    const provider = await getProvider(app.db.sql, params.providerId);
    if (!provider) throw notFound("Provider");
    return { provider };
  },
);

/** PATCH /api/v1/providers/:providerId — edit; `apiKey` replaces (string) or removes (null) the key (admin). */
export const PATCH = apiRoute(
  {
    response: providerBody,
    summary: "Edit a provider or replace its key",
    errors: ["not_found", "name_taken", "default_required", "from_environment"],
    roles: permissions["settings:manage"],
    params,
    body: providerPatchSchema,
  },
  async ({ app, params, body, user }) => {
    return { provider: await updateProvider(app.db.sql, params.providerId, body, user.id) };
  },
);

/** DELETE /api/v1/providers/:providerId (admin). */
export const DELETE = apiRoute(
  {
    response: okBody,
    summary: "Delete a provider",
    errors: ["not_found", "default_required", "from_environment"],
    roles: permissions["settings:manage"],
    params,
  },
  async ({ app, params, user }) => {
    await deleteProvider(app.db.sql, params.providerId, user.id);
    return { ok: true };
  },
);
