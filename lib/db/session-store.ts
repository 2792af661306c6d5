// Sessions are written by better-auth's adapter; this store only ends them for our own rules
// (a disabled account keeps no session), inside the caller's transaction.
import "server-only";
import type { SqlQuery } from "@/lib/db/sql";

/** Deletes every session of the user; returns how many were ended. */
export async function endSessionsOfUser(q: SqlQuery, userId: string): Promise<number> {
  return q.run(`DELETE FROM "Session" WHERE "userId"=?`, [userId]);
}
