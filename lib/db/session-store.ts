// Sessions are written by better-auth's adapter; this store ends them for our own rules (a disabled
// account keeps no session, inside the caller's transaction) and reads one by token for the request
// path's session check.
import "server-only";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";

/** Deletes every session of the user; returns how many were ended. */
export async function endSessionsOfUser(q: SqlQuery, userId: string): Promise<number> {
  return q.run(`DELETE FROM "Session" WHERE "userId"=?`, [userId]);
}

export interface SessionWithUser {
  expiresAtMs: number;
  user: { id: string; email: string; name: string; role: string; disabled: boolean };
}

/**
 * The session a token names, with its user, in one indexed query (Session.token is unique), or null.
 * The request path's session check (lib/auth/session.ts) reads this on every request, so a deleted
 * session or a disabled user is refused at once.
 */
export async function findSessionByToken(q: SqlDb, token: string): Promise<SessionWithUser | null> {
  // PostgreSQL keeps Prisma's DateTime as timestamp(3) in UTC: its epoch comes from the database, not
  // from the driver's local-time parsing. SQLite keeps ISO text (or epoch ms).
  const expires = q.dialect === "postgresql" ? `(EXTRACT(EPOCH FROM s."expiresAt") * 1000)::float8` : `s."expiresAt"`;
  const rows = await q.all<Record<string, unknown>>(
    `SELECT ${expires} AS "expiresAt", u."id", u."email", u."name", u."role", u."disabled"
       FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."token"=?`,
    [token],
  );
  const r = rows[0];
  if (!r) return null;
  const e = r.expiresAt;
  const expiresAtMs = typeof e === "number" ? e : e instanceof Date ? e.getTime() : Date.parse(String(e));
  return {
    expiresAtMs: Number.isFinite(expiresAtMs) ? expiresAtMs : 0,
    user: { id: String(r.id), email: String(r.email), name: String(r.name), role: String(r.role), disabled: Boolean(r.disabled) },
  };
}
