// Liveness of the database for GET /api/health: one trivial statement, no data.
import "server-only";
import type { SqlQuery } from "./sql";

/** Resolves when the database answers; rejects with the driver's error when it does not. */
export async function pingDatabase(q: SqlQuery): Promise<void> {
  await q.all("SELECT 1 AS ok");
}
