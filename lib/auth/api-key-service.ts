// Managing API keys: who may mint which key, and the input rules. A key's role may allow nothing its
// creator's role does not (./role-ceiling); an expiry must lie in the future; a workflow scope names
// existing workflows. The secret is generated here, returned once to the caller, and only its hash
// and visible prefix are stored (lib/db/api-key-store, which audits every action in its transaction).
import "server-only";
import { z } from "zod";
import type { SqlDb } from "@/lib/db/sql";
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey, type ApiKeyInfo } from "@/lib/db/api-key-store";
import { existingWorkflowIds } from "@/lib/db/workflow-of-read";
import { DomainError } from "@/lib/errors/domain-error";
import { generateApiKey } from "./api-keys";
import { roleWithin } from "./role-ceiling";
import { roleSchema, type Role } from "./roles";
import type { SessionUser } from "./session";

export type { ApiKeyInfo } from "@/lib/db/api-key-store";

export const newApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, "Name is required").max(100),
  role: roleSchema,
  /** ISO date-time; omitted or null: the key does not expire. */
  expiresAt: z.iso.datetime({ offset: true, message: "Enter a date and time" }).nullish(),
  /** Workflow ids the key is limited to; omitted or null: every workflow. */
  workflowIds: z.array(z.string().min(1).max(128)).min(1, "Pick at least one workflow, or leave the key unrestricted").max(100).nullish(),
});
export type NewApiKey = z.infer<typeof newApiKeySchema>;

export const apiKeyParams = z.object({ keyId: z.string().min(1).max(128) });

/** A created or rotated key: the stored record, and the secret shown exactly once. */
export interface IssuedApiKey {
  key: ApiKeyInfo;
  secret: string;
}

const actorOf = (user: SessionUser) => ({ id: user.id, isAdmin: user.role === "admin" });

export async function createKey(db: SqlDb, creator: SessionUser, input: NewApiKey, nowMs = Date.now()): Promise<IssuedApiKey> {
  if (!roleWithin(input.role, creator.role)) {
    throw new DomainError("api_key_role_too_high", `A ${creator.role} cannot create a key with the ${input.role} role.`);
  }
  const expiresAtMs = input.expiresAt ? Date.parse(input.expiresAt) : null;
  if (expiresAtMs !== null && expiresAtMs <= nowMs) {
    throw new DomainError("validation_failed", "The expiry must be in the future.", [
      { path: "expiresAt", message: "The expiry must be in the future." },
    ]);
  }
  const workflowIds = input.workflowIds ? [...new Set(input.workflowIds)] : null;
  if (workflowIds) {
    const found = await existingWorkflowIds(db, workflowIds);
    const missing = workflowIds.filter((id) => !found.has(id));
    if (missing.length) {
      throw new DomainError("validation_failed", `Unknown workflow: ${missing.join(", ")}.`, [
        { path: "workflowIds", message: `Unknown workflow: ${missing.join(", ")}` },
      ]);
    }
  }
  const { key: secret, prefix, hash } = generateApiKey();
  const key = await createApiKey(db, creator.id, { name: input.name, prefix, hash, role: input.role, expiresAtMs, workflowIds });
  return { key, secret };
}

/** Admins see every key; everyone else their own. */
export async function listKeys(db: SqlDb, viewer: SessionUser): Promise<ApiKeyInfo[]> {
  return listApiKeys(db, viewer.role === "admin" ? undefined : viewer.id);
}

export async function revokeKey(db: SqlDb, actor: SessionUser, keyId: string): Promise<ApiKeyInfo> {
  return revokeApiKey(db, keyId, actorOf(actor));
}

/** A new secret with the same settings; the old key is revoked in the same transaction. */
export async function rotateKey(db: SqlDb, actor: SessionUser, keyId: string): Promise<IssuedApiKey> {
  const { key: secret, prefix, hash } = generateApiKey();
  const key = await rotateApiKey(db, keyId, { prefix, hash }, actorOf(actor), (ownerRole, keyRole) => {
    const o = roleSchema.safeParse(ownerRole);
    const k = roleSchema.safeParse(keyRole);
    return o.success && k.success && roleWithin(k.data as Role, o.data as Role);
  });
  return { key, secret };
}
