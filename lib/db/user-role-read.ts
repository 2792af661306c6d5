// The stored role of one user, read through the raw SQL port (the credential checks of the engine and
// of agent tools run where Prisma is not wired). Null when the user does not exist.
import "server-only";
import type { SqlQuery } from "@/lib/db/sql";

export async function selectUserRole(q: SqlQuery, userId: string): Promise<string | null> {
  const rows = await q.all<{ role: string }>(`SELECT "role" FROM "User" WHERE "id"=?`, [userId]);
  return rows[0] ? String(rows[0].role) : null;
}
