// Response schemas of the API key routes (never a hash; the secret only in a create or rotate answer).
import { z } from "zod";
import { isoTime, obj } from "./common";

export const apiKeySchema = obj({
  id: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: "The visible part of the key: sy_<prefix>_…" }),
  role: z.string(),
  workflowIds: z.array(z.string()).nullable().meta({ description: "Workflows the key is limited to; null = every workflow." }),
  createdAt: isoTime,
  expiresAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
  lastUsedAt: isoTime.nullable(),
  lastUsedIp: z.string().nullable(),
  lastUsedAgent: z.string().nullable(),
  owner: obj({ id: z.string(), name: z.string(), email: z.string() }),
}).meta({ id: "ApiKey" });

export const apiKeyListBody = obj({ keys: z.array(apiKeySchema) });
export const apiKeyBody = obj({ key: apiKeySchema });
export const issuedApiKeyBody = obj({
  key: apiKeySchema,
  secret: z.string().meta({ description: "The key itself, shown only in this answer." }),
});
