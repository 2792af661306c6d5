import { apiRoute } from "@/lib/api/route";
import { issuedApiKeyBody } from "@/lib/api/responses/api-keys";
import { apiKeyParams, rotateKey } from "@/lib/auth/api-key-service";

/**
 * POST /api/v1/api-keys/:keyId/rotate — 201 `{ key, secret }`: a new secret with the same settings;
 * the old key is revoked in the same transaction. Audited.
 */
export const POST = apiRoute(
  {
    response: issuedApiKeyBody,
    status: 201,
    summary: "Rotate an API key: a new secret, same settings; the old key is revoked",
    errors: ["not_found", "api_key_revoked", "api_key_expired", "api_key_role_too_high"],
    roles: "any",
    sessionOnly: true,
    params: apiKeyParams,
  },
  async ({ app, user, params }) => {
    const issued = await rotateKey(app.db.sql, user, params.keyId);
    return Response.json(issued, { status: 201, headers: { "cache-control": "no-store" } });
  },
);
