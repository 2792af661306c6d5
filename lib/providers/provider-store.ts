// Model providers in the ModelProvider table. API keys are encrypted with encryptSecret before they
// touch the database and decrypted only by `loadProviderSecret` (server and worker code); every
// other read returns a PublicProvider with `hasKey`. Mutations and their audit records commit in
// one transaction.
import { randomUUID } from "node:crypto";
import { ApiError, notFound } from "@/lib/api/errors";
import { appendAudit } from "@/lib/db/audit-store";
import type { Row, SqlDb, SqlQuery } from "@/lib/db/sql";
import { decryptSecret, encryptSecret } from "@/lib/security/secrets";
import {
  ENV_PROVIDER_ID,
  modelListSchema,
  type ModelPrice,
  type ProviderCreate,
  type ProviderPatch,
  type ProviderSecretConfig,
  type PublicProvider,
} from "@/lib/providers/provider-schemas";
import { isUniqueViolation, parseJsonColumn, readTimestamp, sqlTimestamp } from "@/lib/db/row-codec";

const COLS = `"id","name","baseUrl","encryptedApiKey","defaultModel","models","isDefault","createdAt","updatedAt"`;

function models(r: Row): ModelPrice[] {
  const parsed = modelListSchema.safeParse(parseJsonColumn(r.models, []));
  return parsed.success ? parsed.data : [];
}

function toPublic(r: Row): PublicProvider {
  return {
    id: String(r.id),
    name: String(r.name),
    baseUrl: (r.baseUrl as string | null) ?? null,
    hasKey: typeof r.encryptedApiKey === "string" && r.encryptedApiKey.length > 0,
    defaultModel: String(r.defaultModel),
    models: models(r),
    isDefault: Boolean(r.isDefault),
    fromEnvironment: r.id === ENV_PROVIDER_ID,
    createdAt: readTimestamp(r.createdAt),
    updatedAt: readTimestamp(r.updatedAt),
  };
}

const nameTaken = () => new ApiError(409, "name_taken", "A provider with this name already exists.");

export async function listProviders(db: SqlDb): Promise<PublicProvider[]> {
  const rows = await db.all(`SELECT ${COLS} FROM "ModelProvider" ORDER BY "isDefault" DESC, "name" ASC`);
  return rows.map(toPublic);
}

export async function getProvider(db: SqlDb, id: string): Promise<PublicProvider | null> {
  const rows = await db.all(`SELECT ${COLS} FROM "ModelProvider" WHERE "id"=?`, [id]);
  return rows[0] ? toPublic(rows[0]) : null;
}

async function clearDefault(q: SqlQuery, exceptId: string): Promise<void> {
  await q.run(`UPDATE "ModelProvider" SET "isDefault"=? WHERE "id"<>? AND "isDefault"=?`, [false, exceptId, true]);
}

export async function createProvider(db: SqlDb, input: ProviderCreate, actorId: string | null): Promise<PublicProvider> {
  const id = randomUUID();
  const now = Date.now();
  const ts = sqlTimestamp(db.dialect, now);
  const encrypted = input.apiKey ? encryptSecret(input.apiKey) : null;
  try {
    await db.tx(async (q) => {
      const others = await q.all(`SELECT "id" FROM "ModelProvider" WHERE "isDefault"=? LIMIT 1`, [true]);
      const isDefault = input.isDefault || others.length === 0;
      if (isDefault) await clearDefault(q, id);
      await q.run(`INSERT INTO "ModelProvider" (${COLS}) VALUES (?,?,?,?,?,?,?,?,?)`, [
        id,
        input.name,
        input.baseUrl ?? null,
        encrypted,
        input.defaultModel,
        JSON.stringify(input.models),
        isDefault,
        ts,
        ts,
      ]);
      await appendAudit(q, db.dialect, {
        atMs: now,
        actorId,
        action: "provider.created",
        targetType: "provider",
        targetId: id,
        data: { name: input.name, baseUrl: input.baseUrl ?? null, hasKey: encrypted !== null, isDefault },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
  return (await getProvider(db, id))!;
}

export async function updateProvider(db: SqlDb, id: string, patch: ProviderPatch, actorId: string | null): Promise<PublicProvider> {
  const now = Date.now();
  const sets: string[] = [];
  const params: (string | number | boolean | null)[] = [];
  const set = (col: string, v: string | number | boolean | null) => {
    sets.push(`"${col}"=?`);
    params.push(v);
  };
  if (patch.name !== undefined) set("name", patch.name);
  if (patch.baseUrl !== undefined) set("baseUrl", patch.baseUrl);
  if (patch.apiKey !== undefined) set("encryptedApiKey", patch.apiKey === null ? null : encryptSecret(patch.apiKey));
  if (patch.defaultModel !== undefined) set("defaultModel", patch.defaultModel);
  if (patch.models !== undefined) set("models", JSON.stringify(patch.models));
  if (patch.isDefault !== undefined) set("isDefault", patch.isDefault);
  set("updatedAt", sqlTimestamp(db.dialect, now));
  try {
    await db.tx(async (q) => {
      const existing = await q.all(`SELECT "id","isDefault" FROM "ModelProvider" WHERE "id"=?`, [id]);
      if (!existing[0]) throw notFound("Provider");
      if (patch.isDefault === false && Boolean(existing[0].isDefault)) {
        throw new ApiError(409, "default_required", "Make another provider the default instead; one provider is always the default.");
      }
      if (patch.isDefault) await clearDefault(q, id);
      await q.run(`UPDATE "ModelProvider" SET ${sets.join(",")} WHERE "id"=?`, [...params, id]);
      const { apiKey, ...rest } = patch;
      await appendAudit(q, db.dialect, {
        atMs: now,
        actorId,
        action: "provider.updated",
        targetType: "provider",
        targetId: id,
        data: { fields: Object.keys(rest), ...(apiKey !== undefined ? { apiKey: apiKey === null ? "removed" : "replaced" } : {}) },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
  return (await getProvider(db, id))!;
}

export async function deleteProvider(db: SqlDb, id: string, actorId: string | null): Promise<void> {
  if (id === ENV_PROVIDER_ID) {
    throw new ApiError(409, "from_environment", "This provider comes from OPENAI_API_KEY; unset the variable to remove it.");
  }
  const now = Date.now();
  await db.tx(async (q) => {
    const existing = await q.all(`SELECT "id","name","isDefault" FROM "ModelProvider" WHERE "id"=?`, [id]);
    if (!existing[0]) throw notFound("Provider");
    await q.run(`DELETE FROM "ModelProvider" WHERE "id"=?`, [id]);
    if (Boolean(existing[0].isDefault)) {
      const next = await q.all(`SELECT "id" FROM "ModelProvider" ORDER BY "name" LIMIT 1`);
      if (next[0]) await q.run(`UPDATE "ModelProvider" SET "isDefault"=? WHERE "id"=?`, [true, String(next[0].id)]);
    }
    await appendAudit(q, db.dialect, {
      atMs: now,
      actorId,
      action: "provider.deleted",
      targetType: "provider",
      targetId: id,
      data: { name: String(existing[0].name) },
    });
  });
}

/**
 * Server/worker only: the provider with its decrypted key. `id` null means the default provider.
 * Returns null when there is no such provider.
 */
export async function loadProviderSecret(db: SqlQuery, id: string | null): Promise<ProviderSecretConfig | null> {
  const rows = id
    ? await db.all(`SELECT ${COLS} FROM "ModelProvider" WHERE "id"=?`, [id])
    : await db.all(`SELECT ${COLS} FROM "ModelProvider" ORDER BY "isDefault" DESC, "name" ASC LIMIT 1`);
  const r = rows[0];
  if (!r) return null;
  const enc = r.encryptedApiKey as string | null;
  return {
    id: String(r.id),
    name: String(r.name),
    baseUrl: (r.baseUrl as string | null) ?? null,
    apiKey: enc ? decryptSecret(enc) : null,
    defaultModel: String(r.defaultModel),
    models: models(r),
  };
}
