// OPENAI_API_KEY / OPENAI_BASE_URL create a default provider. Created LAZILY: the first time this
// process lists providers (Settings, the provider API) or resolves one for an agent step, so it
// needs no boot hook and works the same in the web server and in `npm run worker`. Kept in sync
// when the variables change (key replaced, base URL updated); removing the variables leaves the
// provider in place (an admin may delete the key or switch the default).
import { createHash } from "node:crypto";
import { appendAudit } from "@/lib/db/audit-store";
import type { SqlDb } from "@/lib/db/sql";
import { decryptSecret, encryptSecret } from "@/lib/security/secrets";
import { ENV_PROVIDER_ID, type ModelPrice } from "@/lib/providers/provider-schemas";
import { sqlTimestamp } from "@/lib/db/row-codec";

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
  const ts = sqlTimestamp(db.dialect, now);
  await db.tx(async (q) => {
    const rows = await q.all<{ encryptedApiKey: string | null; baseUrl: string | null }>(
      `SELECT "encryptedApiKey","baseUrl" FROM "ModelProvider" WHERE "id"=?`,
      [ENV_PROVIDER_ID],
    );
    const row = rows[0];
    if (row) {
      let same = row.baseUrl === baseUrl;
      try {
        same = same && row.encryptedApiKey !== null && decryptSecret(row.encryptedApiKey) === key;
      } catch {
        same = false;
      }
      if (same) return;
      await q.run(`UPDATE "ModelProvider" SET "encryptedApiKey"=?, "baseUrl"=?, "updatedAt"=? WHERE "id"=?`, [
        encryptSecret(key),
        baseUrl,
        ts,
        ENV_PROVIDER_ID,
      ]);
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
    const taken = await q.all(`SELECT "id" FROM "ModelProvider" WHERE "name"=?`, ["OpenAI (environment)"]);
    const hasDefault = await q.all(`SELECT "id" FROM "ModelProvider" WHERE "isDefault"=? LIMIT 1`, [true]);
    await q.run(
      `INSERT INTO "ModelProvider" ("id","name","baseUrl","encryptedApiKey","defaultModel","models","isDefault","createdAt","updatedAt")
       VALUES (?,?,?,?,?,?,?,?,?)`,
      [
        ENV_PROVIDER_ID,
        taken.length ? `OpenAI (environment ${ENV_PROVIDER_ID})` : "OpenAI (environment)",
        baseUrl,
        encryptSecret(key),
        ENV_PROVIDER_MODELS[0].id,
        JSON.stringify(ENV_PROVIDER_MODELS),
        hasDefault.length === 0,
        ts,
        ts,
      ],
    );
    await appendAudit(q, db.dialect, {
      atMs: now,
      actorId: null,
      actorType: "system",
      action: "provider.created",
      targetType: "provider",
      targetId: ENV_PROVIDER_ID,
      data: { source: "environment", baseUrl, isDefault: hasDefault.length === 0 },
    });
  });
  synced.set(db, fingerprint);
}
