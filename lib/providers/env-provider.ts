// OPENAI_API_KEY / OPENAI_BASE_URL create a default provider. Created LAZILY: the first time this
// process lists providers (Settings, the provider API) or resolves one for an agent step, so it
// needs no boot hook and works the same in the web server and in `npm run worker`. Kept in sync
// when the variables change (key replaced, base URL updated); removing the variables leaves the
// provider in place (an admin may delete the key or switch the default).
import { createHash } from "node:crypto";
import { appendAudit } from "@/lib/db/audit-store";
import {
  hasDefaultProvider,
  insertProvider,
  lockProviders,
  providerNameTaken,
  selectProvider,
  updateProviderRow,
} from "@/lib/db/provider-store";
import type { SqlDb } from "@/lib/db/sql";
import { decryptSecret, encryptSecret } from "@/lib/security/secrets";
import { ENV_PROVIDER_ID, type ModelPrice } from "@/lib/providers/provider-schemas";

export interface EnvProviderConfig {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
}

/** Public list prices (USD per million tokens); admins can edit them in Settings. */
export const ENV_PROVIDER_MODELS: ModelPrice[] = [
  { id: "gpt-4o-mini", inputPerMTok: 0.15, outputPerMTok: 0.6 },
  { id: "gpt-4o", inputPerMTok: 2.5, outputPerMTok: 10 },
];

const synced = new WeakMap<SqlDb, string>();

export async function ensureEnvProvider(db: SqlDb, env: EnvProviderConfig): Promise<void> {
  const key = env.OPENAI_API_KEY?.trim();
  if (!key) return;
  const baseUrl = env.OPENAI_BASE_URL ?? null;
  const fingerprint = createHash("sha256")
    .update(`${key}\n${baseUrl ?? ""}`)
    .digest("hex");
  if (synced.get(db) === fingerprint) return;
  const now = Date.now();
  await db.tx(async (q) => {
    // Two processes (web and worker) may sync at once: the writer lock makes the second see the first's row.
    await lockProviders(q, db.dialect);
    const row = await selectProvider(q, ENV_PROVIDER_ID);
    if (row) {
      let same = row.baseUrl === baseUrl;
      try {
        same = same && row.encryptedApiKey !== null && decryptSecret(row.encryptedApiKey) === key;
      } catch {
        same = false;
      }
      if (same) return;
      await updateProviderRow(q, db.dialect, ENV_PROVIDER_ID, { encryptedApiKey: encryptSecret(key), baseUrl }, now);
      await appendAudit(q, db.dialect, {
        atMs: now,
        actorId: null,
        actorType: "system",
        action: "provider.updated",
        targetType: "provider",
        targetId: ENV_PROVIDER_ID,
        data: { fields: ["baseUrl"], apiKey: "replaced", source: "environment" },
      });
      return;
    }
    const taken = await providerNameTaken(q, "OpenAI (environment)");
    const isDefault = !(await hasDefaultProvider(q));
    await insertProvider(q, db.dialect, {
      id: ENV_PROVIDER_ID,
      name: taken ? `OpenAI (environment ${ENV_PROVIDER_ID})` : "OpenAI (environment)",
      baseUrl,
      encryptedApiKey: encryptSecret(key),
      defaultModel: ENV_PROVIDER_MODELS[0].id,
      models: ENV_PROVIDER_MODELS,
      isDefault,
      atMs: now,
    });
    await appendAudit(q, db.dialect, {
      atMs: now,
      actorId: null,
      actorType: "system",
      action: "provider.created",
      targetType: "provider",
      targetId: ENV_PROVIDER_ID,
      data: { source: "environment", baseUrl, isDefault },
    });
  });
  synced.set(db, fingerprint);
}
