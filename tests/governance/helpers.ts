// Chain links after an audit purge: the first remaining row links to a purged row (not the genesis)
// and every later row links to the one before it. (The full recomputation from a given start is the
// audit trail's verify, which takes the first row's prevHash as its start.)
import { GENESIS_HASH } from "@/lib/db/audit-store";
import type { SqlDb } from "@/lib/db/sql";

export async function chainStartForTest(db: SqlDb): Promise<boolean> {
  const rows = await db.all<{ prevHash: string; hash: string }>(`SELECT "prevHash","hash" FROM "AuditEvent" ORDER BY "id"`);
  if (!rows.length || rows[0].prevHash === GENESIS_HASH) return false;
  for (let i = 1; i < rows.length; i++) if (rows[i].prevHash !== rows[i - 1].hash) return false;
  return true;
}
