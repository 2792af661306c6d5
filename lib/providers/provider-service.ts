// Model providers. API keys are encrypted with encryptSecret before they reach the database
// (lib/db/provider-store.ts) and decrypted only by `loadProviderSecret` (server and worker code);
// every other read returns a PublicProvider with `hasKey`. Mutations and their audit records commit
// in one transaction. Exactly one provider is the default whenever any exists: every write takes the
// table's writer lock first (lockProviders), so concurrent writes are applied one after the other,
// and a taken name is a 409 `name_taken` (unique constraint), never a 500.
import { randomUUID } from "node:crypto";
import { appendAudit } from "@/lib/db/audit-store";
import {
  clearDefaultProvider,
  deleteProviderRow,
  hasDefaultProvider,
  insertProvider,
  lockProviders,
  promoteFirstProvider,
  selectDefaultProvider,
  selectProvider,
  selectProviders,
  updateProviderRow,
  type ProviderRow,
} from "@/lib/db/provider-store";
import { withUniqueName } from "@/lib/db/unique-name";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { DomainError, notFound } from "@/lib/errors/domain-error";
import { decryptSecret, encryptSecret } from "@/lib/security/secrets";
import {
  ENV_PROVIDER_ID,
  type ProviderCreate,
  type ProviderPatch,
  type ProviderSecretConfig,
  type PublicProvider,
} from "@/lib/providers/provider-schemas";

function toPublic(r: ProviderRow): PublicProvider {
  return {
    id: r.id,
    name: r.name,
    baseUrl: r.baseUrl,
    hasKey: r.encryptedApiKey !== null,
    defaultModel: r.defaultModel,
    models: r.models,
    isDefault: r.isDefault,
    fromEnvironment: r.id === ENV_PROVIDER_ID,
    maxConcurrency: r.maxConcurrency,
    tokensPerMinute: r.tokensPerMinute,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

const uniqueName = <T>(write: () => Promise<T>): Promise<T> => withUniqueName("A provider", write);

export async function listProviders(db: SqlDb): Promise<PublicProvider[]> {
  return (await selectProviders(db)).map(toPublic);
}

export async function getProvider(db: SqlDb, id: string): Promise<PublicProvider | null> {
  const row = await selectProvider(db, id);
  return row ? toPublic(row) : null;
}

export async function createProvider(db: SqlDb, input: ProviderCreate, actorId: string | null): Promise<PublicProvider> {
  const id = randomUUID();
  const now = Date.now();
  const encrypted = input.apiKey ? encryptSecret(input.apiKey) : null;
  return uniqueName(() =>
    db.tx(async (q) => {
      await lockProviders(q, db.dialect);
      // The first provider becomes the default whatever was asked.
      const isDefault = input.isDefault || !(await hasDefaultProvider(q));
      if (isDefault) await clearDefaultProvider(q, id);
      await insertProvider(q, db.dialect, {
        id,
        name: input.name,
        baseUrl: input.baseUrl ?? null,
        encryptedApiKey: encrypted,
        defaultModel: input.defaultModel,
        models: input.models,
        isDefault,
        atMs: now,
        maxConcurrency: input.maxConcurrency,
        tokensPerMinute: input.tokensPerMinute,
      });
      await appendAudit(q, db.dialect, {
        atMs: now,
        actorId,
        action: "provider.created",
        targetType: "provider",
        targetId: id,
        data: { name: input.name, baseUrl: input.baseUrl ?? null, hasKey: encrypted !== null, isDefault },
      });
      return toPublic((await selectProvider(q, id))!);
    }),
  );
}

export async function updateProvider(db: SqlDb, id: string, patch: ProviderPatch, actorId: string | null): Promise<PublicProvider> {
  const now = Date.now();
  const { apiKey, ...rest } = patch;
  const encryptedApiKey = apiKey === undefined ? undefined : apiKey === null ? null : encryptSecret(apiKey);
  return uniqueName(() =>
    db.tx(async (q) => {
      await lockProviders(q, db.dialect);
      const existing = await selectProvider(q, id);
      if (!existing) throw notFound("Provider");
      if (patch.isDefault === false && existing.isDefault) {
        throw new DomainError("default_required", "Make another provider the default instead; one provider is always the default.");
      }
      if (patch.isDefault) await clearDefaultProvider(q, id);
      await updateProviderRow(
        q,
        db.dialect,
        id,
        {
          name: patch.name,
          baseUrl: patch.baseUrl,
          encryptedApiKey,
          defaultModel: patch.defaultModel,
          models: patch.models,
          isDefault: patch.isDefault,
          maxConcurrency: patch.maxConcurrency,
          tokensPerMinute: patch.tokensPerMinute,
        },
        now,
      );
      await appendAudit(q, db.dialect, {
        atMs: now,
        actorId,
        action: "provider.updated",
        targetType: "provider",
        targetId: id,
        data: { fields: Object.keys(rest), ...(apiKey !== undefined ? { apiKey: apiKey === null ? "removed" : "replaced" } : {}) },
      });
      return toPublic((await selectProvider(q, id))!);
    }),
  );
}

export async function deleteProvider(db: SqlDb, id: string, actorId: string | null): Promise<void> {
  if (id === ENV_PROVIDER_ID) {
    throw new DomainError("from_environment", "This provider comes from OPENAI_API_KEY; unset the variable to remove it.");
  }
  const now = Date.now();
  await db.tx(async (q) => {
    await lockProviders(q, db.dialect);
    const deleted = await deleteProviderRow(q, id);
    if (!deleted) throw notFound("Provider");
    if (deleted.isDefault) await promoteFirstProvider(q);
    await appendAudit(q, db.dialect, {
      atMs: now,
      actorId,
      action: "provider.deleted",
      targetType: "provider",
      targetId: id,
      data: { name: deleted.name },
    });
  });
}

/**
 * Server/worker only: the provider with its decrypted key. `id` null means the default provider.
 * Returns null when there is no such provider.
 */
export async function loadProviderSecret(db: SqlQuery, id: string | null): Promise<ProviderSecretConfig | null> {
  const r = id ? await selectProvider(db, id) : await selectDefaultProvider(db);
  if (!r) return null;
  return {
    id: r.id,
    name: r.name,
    baseUrl: r.baseUrl,
    apiKey: r.encryptedApiKey ? decryptSecret(r.encryptedApiKey) : null,
    defaultModel: r.defaultModel,
    models: r.models,
    maxConcurrency: r.maxConcurrency,
    tokensPerMinute: r.tokensPerMinute,
  };
}
