import { apiRoute } from "@/lib/api/route";
import { apiKeyBody } from "@/lib/api/responses/api-keys";
import { apiKeyParams, revokeKey } from "@/lib/auth/api-key-service";

/** DELETE /api/v1/api-keys/:keyId — revoke at once (own key; admins any key). Audited. */
export const DELETE = apiRoute(
  {
    response: apiKeyBody,
    summary: "Revoke an API key",
    errors: ["not_found", "api_key_revoked"],
    roles: "any",
    sessionOnly: true,
    params: apiKeyParams,
  },
  async ({ app, user, params }) => ({
    key: await revokeKey(app.db.sql, user, params.keyId),
  }),
);
