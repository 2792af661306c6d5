// Reads of the User table for the inbox and notifications: display names, one user as a possible
// assignee, the members of deciding roles, and the users behind a task's assignees.
import "server-only";
import type { SqlQuery } from "./sql";

export interface DirectoryUser {
  id: string;
  name: string;
  email: string;
  role: string;
  disabled: boolean;
}

interface UserRow {
  id: string;
  name: string;
  email: string;
  role: string;
  disabled: unknown;
}

/** SQLite stores booleans as 0/1 (text "0" through some paths); PostgreSQL as booleans. */
function isDisabled(v: unknown): boolean {
  return Boolean(v) && v !== "0";
}

function toUser(r: UserRow): DirectoryUser {
  return { id: String(r.id), name: String(r.name), email: String(r.email), role: String(r.role), disabled: isDisabled(r.disabled) };
}

const inList = (n: number) => Array.from({ length: n }, () => "?").join(",");

/** id → name for the given ids (unknown ids are absent), in chunks of 500. */
export async function loadUserNames(q: SqlQuery, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter(Boolean);
  const out = new Map<string, string>();
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500);
    const rows = await q.all<{ id: string; name: string }>(`SELECT "id","name" FROM "User" WHERE "id" IN (${inList(part.length)})`, part);
    for (const r of rows) out.set(String(r.id), String(r.name));
  }
  return out;
}

/** One user, or null (no email: the reassign check does not need it). */
export async function findDirectoryUser(q: SqlQuery, id: string): Promise<Omit<DirectoryUser, "email"> | null> {
  const rows = await q.all<Omit<UserRow, "email">>(`SELECT "id","name","role","disabled" FROM "User" WHERE "id"=?`, [id]);
  const r = rows[0];
  return r ? { id: String(r.id), name: String(r.name), role: String(r.role), disabled: isDisabled(r.disabled) } : null;
}

/** Users holding one of `roles`, by name (at most `limit`). */
export async function usersWithRoles(q: SqlQuery, roles: readonly string[], limit: number): Promise<DirectoryUser[]> {
  if (!roles.length) return [];
  const rows = await q.all<UserRow>(
    `SELECT "id","name","email","role","disabled" FROM "User" WHERE "role" IN (${inList(roles.length)}) ORDER BY "name" LIMIT ${Math.trunc(limit)}`,
    [...roles],
  );
  return rows.map(toUser);
}

/** Users named in `userIds` or holding one of `roles`. */
export async function usersByIdOrRole(q: SqlQuery, userIds: readonly string[], roles: readonly string[]): Promise<DirectoryUser[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (userIds.length) {
    where.push(`"id" IN (${inList(userIds.length)})`);
    params.push(...userIds);
  }
  if (roles.length) {
    where.push(`"role" IN (${inList(roles.length)})`);
    params.push(...roles);
  }
  if (!where.length) return [];
  const rows = await q.all<UserRow>(`SELECT "id","email","name","role","disabled" FROM "User" WHERE (${where.join(" OR ")})`, params);
  return rows.map(toUser);
}
