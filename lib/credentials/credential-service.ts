// Credentials: the secret is encrypted (AES-256-GCM, encryptSecretJson) before it reaches the
// database (lib/db/credential-store.ts), decrypted only by loadCredentialSecret inside the engine
// (HTTP nodes and agent HTTP tools). Every other read returns a PublicCredential. Mutations and their
// audit records commit in one transaction; audit data never includes secret values. Names are unique
// by a database constraint, so a lost race on a name is a 409 `name_taken`, never a 500.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/auth/roles";
import { appendAudit } from "@/lib/db/audit-store";
import {
  deleteCredentialRow,
  insertCredential,
  selectCredential,
  selectCredentialCiphertext,
  selectCredentials,
  updateCredentialRow,
} from "@/lib/db/credential-store";
import { withUniqueName } from "@/lib/db/unique-name";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { notFound } from "@/lib/errors/domain-error";
import { decryptSecretJson, encryptSecretJson } from "@/lib/security/secrets";
import {
  credentialSecretSchema,
  type CredentialCreate,
  type CredentialPatch,
  type CredentialSecret,
  type PublicCredential,
} from "@/lib/credentials/credential-schemas";

const uniqueName = <T>(write: () => Promise<T>): Promise<T> => withUniqueName("A credential", write);

export async function listCredentials(db: SqlDb): Promise<PublicCredential[]> {
  return selectCredentials(db);
}

export async function getCredential(db: SqlDb, id: string): Promise<PublicCredential | null> {
  return selectCredential(db, id);
}

export async function createCredential(db: SqlDb, input: CredentialCreate, actorId: string | null): Promise<PublicCredential> {
  const id = randomUUID();
  const now = Date.now();
  const encrypted = encryptSecretJson(input.secret);
  return uniqueName(() =>
    db.tx(async (q) => {
      await insertCredential(q, db.dialect, {
        id,
        name: input.name,
        type: input.secret.type,
        encrypted,
        allowedRoles: input.allowedRoles,
        createdById: actorId,
        atMs: now,
      });
      await appendAudit(q, db.dialect, {
        atMs: now,
        actorId,
        action: "credential.created",
        targetType: "credential",
        targetId: id,
        data: { name: input.name, type: input.secret.type, allowedRoles: input.allowedRoles },
      });
      return (await selectCredential(q, id))!;
    }),
  );
}

export async function updateCredential(db: SqlDb, id: string, patch: CredentialPatch, actorId: string | null): Promise<PublicCredential> {
  const now = Date.now();
  const secret = patch.secret !== undefined ? { type: patch.secret.type, encrypted: encryptSecretJson(patch.secret) } : undefined;
  return uniqueName(() =>
    db.tx(async (q) => {
      const found = await updateCredentialRow(q, db.dialect, id, { name: patch.name, secret, allowedRoles: patch.allowedRoles }, now);
      if (!found) throw notFound("Credential");
      await appendAudit(q, db.dialect, {
        atMs: now,
        actorId,
        action: "credential.updated",
        targetType: "credential",
        targetId: id,
        data: {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.allowedRoles !== undefined ? { allowedRoles: patch.allowedRoles } : {}),
          ...(patch.secret !== undefined ? { secret: "replaced", type: patch.secret.type } : {}),
        },
      });
      return (await selectCredential(q, id))!;
    }),
  );
}

export async function deleteCredential(db: SqlDb, id: string, actorId: string | null): Promise<void> {
  const now = Date.now();
  await db.tx(async (q) => {
    const deleted = await deleteCredentialRow(q, id);
    if (!deleted) throw notFound("Credential");
    await appendAudit(q, db.dialect, {
      atMs: now,
      actorId,
      action: "credential.deleted",
      targetType: "credential",
      targetId: id,
      data: { name: deleted.name },
    });
  });
}

export interface LoadedCredential {
  id: string;
  name: string;
  allowedRoles: Role[];
  secret: CredentialSecret;
}

/** Engine only: the decrypted credential, or null when it does not exist. */
export async function loadCredentialSecret(db: SqlQuery, id: string): Promise<LoadedCredential | null> {
  const row = await selectCredentialCiphertext(db, id);
  if (!row) return null;
  const secret = credentialSecretSchema.parse(decryptSecretJson(row.encrypted));
  return { id: row.credential.id, name: row.credential.name, allowedRoles: row.credential.allowedRoles, secret };
}
