// Credentials in the Credential table: the secret is encrypted (AES-256-GCM, encryptSecretJson)
// before it reaches the database, decrypted only by loadCredentialSecret inside the engine (HTTP
// nodes and agent HTTP tools). Every other read returns a PublicCredential. Mutations and their
// audit records commit in one transaction; audit data never includes secret values.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ApiError, notFound } from "@/lib/api/errors";
import { appendAudit } from "@/lib/db/audit-store";
import { roleSchema, type Role } from "@/lib/auth/roles";
import type { Row, SqlDb, SqlQuery } from "@/lib/db/sql";
import { decryptSecretJson, encryptSecretJson } from "@/lib/security/secrets";
import {
  CREDENTIAL_TYPES,
  credentialSecretSchema,
  type CredentialCreate,
  type CredentialPatch,
  type CredentialSecret,
  type CredentialType,
  type PublicCredential,
} from "@/lib/credentials/credential-schemas";
import { isUniqueViolation, parseJsonColumn, readTimestamp, sqlTimestamp } from "@/lib/db/row-codec";

const COLS = `"id","name","type","encrypted","allowedRoles","createdById","createdAt","updatedAt"`;
const rolesSchema = z.array(roleSchema).catch(["admin"]);

function toPublic(r: Row): PublicCredential {
  const type = (CREDENTIAL_TYPES as readonly string[]).includes(String(r.type)) ? (String(r.type) as CredentialType) : "custom_headers";
  return {
    id: String(r.id),
    name: String(r.name),
    type,
    allowedRoles: rolesSchema.parse(parseJsonColumn(r.allowedRoles, ["admin"])),
    hasSecret: true,
    createdAt: readTimestamp(r.createdAt),
    updatedAt: readTimestamp(r.updatedAt),
  };
}

const nameTaken = () => new ApiError(409, "name_taken", "A credential with this name already exists.");

export async function listCredentials(db: SqlDb): Promise<PublicCredential[]> {
  return (await db.all(`SELECT ${COLS} FROM "Credential" ORDER BY "name"`)).map(toPublic);
}

export async function getCredential(db: SqlDb, id: string): Promise<PublicCredential | null> {
  const rows = await db.all(`SELECT ${COLS} FROM "Credential" WHERE "id"=?`, [id]);
  return rows[0] ? toPublic(rows[0]) : null;
}

export async function createCredential(db: SqlDb, input: CredentialCreate, actorId: string | null): Promise<PublicCredential> {
  const id = randomUUID();
  const now = Date.now();
  const ts = sqlTimestamp(db.dialect, now);
  const encrypted = encryptSecretJson(input.secret);
  try {
    await db.tx(async (q) => {
      await q.run(`INSERT INTO "Credential" (${COLS}) VALUES (?,?,?,?,?,?,?,?)`, [
        id,
        input.name,
        input.secret.type,
        encrypted,
        JSON.stringify(input.allowedRoles),
        actorId,
        ts,
        ts,
      ]);
      await appendAudit(q, db.dialect, {
        atMs: now,
        actorId,
        action: "credential.created",
        targetType: "credential",
        targetId: id,
        data: { name: input.name, type: input.secret.type, allowedRoles: input.allowedRoles },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
  return (await getCredential(db, id))!;
}

export async function updateCredential(db: SqlDb, id: string, patch: CredentialPatch, actorId: string | null): Promise<PublicCredential> {
  const now = Date.now();
  const sets: string[] = [`"updatedAt"=?`];
  const params: (string | null)[] = [sqlTimestamp(db.dialect, now)];
  if (patch.name !== undefined) {
    sets.push(`"name"=?`);
    params.push(patch.name);
  }
  if (patch.secret !== undefined) {
    sets.push(`"type"=?`, `"encrypted"=?`);
    params.push(patch.secret.type, encryptSecretJson(patch.secret));
  }
  if (patch.allowedRoles !== undefined) {
    sets.push(`"allowedRoles"=?`);
    params.push(JSON.stringify(patch.allowedRoles));
  }
  try {
    await db.tx(async (q) => {
      const n = await q.run(`UPDATE "Credential" SET ${sets.join(",")} WHERE "id"=?`, [...params, id]);
      if (n === 0) throw notFound("Credential");
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
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
  return (await getCredential(db, id))!;
}

export async function deleteCredential(db: SqlDb, id: string, actorId: string | null): Promise<void> {
  const now = Date.now();
  await db.tx(async (q) => {
    const rows = await q.all(`SELECT "name" FROM "Credential" WHERE "id"=?`, [id]);
    if (!rows[0]) throw notFound("Credential");
    await q.run(`DELETE FROM "Credential" WHERE "id"=?`, [id]);
    await appendAudit(q, db.dialect, {
      atMs: now,
      actorId,
      action: "credential.deleted",
      targetType: "credential",
      targetId: id,
      data: { name: String(rows[0].name) },
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
  const rows = await db.all(`SELECT ${COLS} FROM "Credential" WHERE "id"=?`, [id]);
  const r = rows[0];
  if (!r) return null;
  const pub = toPublic(r);
  const secret = credentialSecretSchema.parse(decryptSecretJson(String(r.encrypted)));
  return { id: pub.id, name: pub.name, allowedRoles: pub.allowedRoles, secret };
}
