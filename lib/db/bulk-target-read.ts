// What a bulk action acts on: the selected runs' statuses, or the runs a list filter matches (the
// runs list's own WHERE, so "act on everything this filter shows" means exactly that).
import "server-only";
import type { SqlDb } from "@/lib/db/sql";
import type { RunListFilter } from "@/lib/monitoring/run-list-filter";
import { countRuns, matchRunIds } from "./run-list-read";

export interface BulkTarget {
  matched: number;
  matchedIsExact: boolean;
  /** Ids of the matched runs whose status is eligible, newest first for a filter. */
  eligibleIds: string[];
}

/** The selected runs that exist, and those of them in one of `statuses`. */
export async function selectedRunTarget(db: SqlDb, runIds: string[], statuses: readonly string[]): Promise<BulkTarget> {
  const ids = [...new Set(runIds)];
  const rows = await db.all<{ id: string; status: string }>(
    `SELECT "id","status" FROM "Run" WHERE "id" IN (${ids.map(() => "?").join(",")})`,
    ids,
  );
  return { matched: rows.length, matchedIsExact: true, eligibleIds: rows.filter((r) => statuses.includes(r.status)).map((r) => r.id) };
}

/** The runs the filter matches (counted up to the list's cap), and up to `limit` of them in one of `statuses`. */
export async function filteredRunTarget(db: SqlDb, filter: RunListFilter, statuses: readonly string[], limit: number): Promise<BulkTarget> {
  const [matched, eligibleIds] = await Promise.all([countRuns(db, filter), matchRunIds(db, filter, statuses, limit)]);
  return { matched: matched.count, matchedIsExact: matched.exact, eligibleIds };
}
