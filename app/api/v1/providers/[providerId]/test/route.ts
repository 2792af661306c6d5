import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { providerTestBody } from "@/lib/api/responses/settings";
import { notFound } from "@/lib/api/errors";
import { DomainError } from "@/lib/errors/domain-error";
import { permissions } from "@/lib/auth/roles";
import { loadProviderSecret } from "@/lib/providers/provider-service";
import { testProviderConnection } from "@/lib/providers/test-connection";
import { SecretError } from "@/lib/security/secrets";

const params = z.object({ providerId: z.string().min(1).max(200) });

/** POST /api/v1/providers/:providerId/test — call the endpoint's /models (or a 1-token completion) with the stored key (admin). */
export const POST = apiRoute(
  {
    response: providerTestBody,
    summary: "Test the provider's connection with its stored key",
    errors: ["not_found", "key_unreadable"],
    roles: permissions["settings:manage"],
    params,
  },
  async ({ app, params }) => {
    let provider;
    try {
      provider = await loadProviderSecret(app.db.sql, params.providerId);
    } catch (e) {
      if (e instanceof SecretError)
        throw new DomainError("key_unreadable", "The stored API key cannot be decrypted with the current secret key; enter the key again.");
      throw e;
    }
    if (!provider) throw notFound("Provider");
    return { result: await testProviderConnection(provider) };
  },
);
