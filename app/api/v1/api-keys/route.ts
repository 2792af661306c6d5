import { apiRoute } from "@/lib/api/route";
import { apiKeyListBody, issuedApiKeyBody } from "@/lib/api/responses/api-keys";
import { createKey, listKeys, newApiKeySchema } from "@/lib/auth/api-key-service";

/** GET /api/v1/api-keys — keys with their last use (admin: every key; others: their own). Sessions only. */
export const GET = apiRoute(
  { response: apiKeyListBody, summary: "API keys with their last use", roles: "any", sessionOnly: true },
  async ({ app, user }) => ({ keys: await listKeys(app.db.sql, user) }),
);

/**
 * POST /api/v1/api-keys `{ name, role, expiresAt?, workflowIds? }` — 201 `{ key, secret }`: the secret
 * is in this response only (stored as a hash). 403 api_key_role_too_high above the caller's role. Audited.
 */
export const POST = apiRoute(
  {
    response: issuedApiKeyBody,
    status: 201,
    summary: "Create an API key (the secret is in this answer only)",
    errors: ["api_key_role_too_high", "validation_failed"],
    roles: "any",
    sessionOnly: true,
    body: newApiKeySchema,
  },
  async ({ app, user, body }) => {
    const issued = await createKey(app.db.sql, user, body);
    return Response.json(issued, { status: 201, headers: { "cache-control": "no-store" } });
  },
);
