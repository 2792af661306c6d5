// The Credential table. Rows hold the secret only as ciphertext (`encrypted`); encryption and
// decryption, audit content and role policy stay in lib/credentials. Writers take the caller's
// transaction (`q`) so the change and its audit record commit together.
import "server-only";
import { z } from "zod";
import { roleSchema, type Role } from "@/lib/auth/roles";
import { CREDENTIAL_TYPES, type CredentialType, type PublicCredential } from "@/lib/credentials/credential-schemas";
import { parseJsonColumn, readTimestamp, sqlTimestamp } from "@/lib/db/row-codec";
import type { Param, Row, SqlDb, SqlQuery } from "@/lib/db/sql";

const COLS = `"id","name","type","encrypted","allowedRoles","createdById","createdAt","updatedAt"`;
// Shown to people: an unreadable list reads as admin-only.
const publicRoles = z.array(roleSchema).catch(["admin"]);

function toPublic(r: Row): PublicCredential {
  const type = (CREDENTIAL_TYPES as readonly string[]).includes(String(r.type)) ? (String(r.type) as CredentialType) : "custom_headers";
  return {
    id: String(r.id),
    name: String(r.name),
    type,
    allowedRoles: publicRoles.parse(parseJsonColumn(r.allowedRoles, ["admin"])),
    hasSecret: true,
    createdAt: readTimestamp(r.createdAt),
    updatedAt: readTimestamp(r.updatedAt),
  };
}

/** For access checks: an unreadable list allows no role (fails closed). */
function accessRoles(v: unknown): Role[] {
  const parsed = parseJsonColumn(v, []);
  return Array.isArray(parsed) ? (parsed.filter((x) => typeof x === "string") as Role[]) : [];
}

export async function selectCredentials(q: SqlQuery): Promise<PublicCredential[]> {
  return (await q.all(`SELECT ${COLS} FROM "Credential" ORDER BY "name"`)).map(toPublic);
}

export async function selectCredential(q: SqlQuery, id: string): Promise<PublicCredential | null> {
  const rows = await q.all(`SELECT ${COLS} FROM "Credential" WHERE "id"=?`, [id]);
  return rows[0] ? toPublic(rows[0]) : null;
}

/** The public view plus the stored ciphertext (for the engine's decrypting loader only). */
export async function selectCredentialCiphertext(
  q: SqlQuery,
  id: string,
): Promise<{ credential: PublicCredential; encrypted: string } | null> {
  const rows = await q.all(`SELECT ${COLS} FROM "Credential" WHERE "id"=?`, [id]);
  return rows[0] ? { credential: toPublic(rows[0]), encrypted: String(rows[0].encrypted) } : null;
}

export interface CredentialAccess {
  id: string;
  name: string;
  allowedRoles: Role[];
}

/** Name and allowed roles of each existing credential among `ids` (missing ids are absent from the map). */
export async function selectCredentialAccess(q: SqlQuery, ids: readonly string[]): Promise<Map<string, CredentialAccess>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const rows = await q.all<{ id: string; name: string; allowedRoles: unknown }>(
    `SELECT "id","name","allowedRoles" FROM "Credential" WHERE "id" IN (${wanted.map(() => "?").join(",")})`,
    wanted,
  );
  return new Map(rows.map((r) => [String(r.id), { id: String(r.id), name: String(r.name), allowedRoles: accessRoles(r.allowedRoles) }]));
}

export interface NewCredentialRow {
  id: string;
  name: string;
  type: CredentialType;
  encrypted: string;
  allowedRoles: readonly Role[];
  createdById: string | null;
  atMs: number;
}

/** Throws a unique violation (row-codec `isUniqueViolation`) when the name is taken. */
export async function insertCredential(q: SqlQuery, dialect: SqlDb["dialect"], row: NewCredentialRow): Promise<void> {
  const ts = sqlTimestamp(dialect, row.atMs);
  await q.run(`INSERT INTO "Credential" (${COLS}) VALUES (?,?,?,?,?,?,?,?)`, [
    row.id,
    row.name,
    row.type,
    row.encrypted,
    JSON.stringify(row.allowedRoles),
    row.createdById,
    ts,
    ts,
  ]);
}

export interface CredentialChange {
  name?: string;
  /** Type and ciphertext change together (a replaced secret). */
  secret?: { type: CredentialType; encrypted: string };
  allowedRoles?: readonly Role[];
}

/** Applies the change; false when the credential does not exist. A taken name throws a unique violation. */
export async function updateCredentialRow(
  q: SqlQuery,
  dialect: SqlDb["dialect"],
  id: string,
  change: CredentialChange,
  atMs: number,
): Promise<boolean> {
  const sets: string[] = [`"updatedAt"=?`];
  const params: Param[] = [sqlTimestamp(dialect, atMs)];
  if (change.name !== undefined) {
    sets.push(`"name"=?`);
    params.push(change.name);
  }
  if (change.secret !== undefined) {
    sets.push(`"type"=?`, `"encrypted"=?`);
    params.push(change.secret.type, change.secret.encrypted);
  }
  if (change.allowedRoles !== undefined) {
    sets.push(`"allowedRoles"=?`);
    params.push(JSON.stringify(change.allowedRoles));
  }
  return (await q.run(`UPDATE "Credential" SET ${sets.join(",")} WHERE "id"=?`, [...params, id])) > 0;
}

/**
 * Deletes the credential and returns its name, or null when no row was deleted. One statement, so
 * of two concurrent deletes exactly one sees the row (the other gets null, not a second audit record).
 */
export async function deleteCredentialRow(q: SqlQuery, id: string): Promise<{ name: string } | null> {
  const rows = await q.all<{ name: string }>(`DELETE FROM "Credential" WHERE "id"=? RETURNING "name"`, [id]);
  return rows[0] ? { name: String(rows[0].name) } : null;
}
