// Chain links after an audit purge: the first remaining row links to a purged row (not the genesis)
// and every later row links to the one before it. (The full recomputation from a given start is the
// audit trail's verify, which takes the first row's prevHash as its start.)
import { GENESIS_HASH } from "@/lib/db/audit-store";
import type { Param, Row, SqlDb } from "@/lib/db/sql";

export async function chainStartForTest(db: SqlDb): Promise<boolean> {
  const rows = await db.all<{ prevHash: string; hash: string }>(`SELECT "prevHash","hash" FROM "AuditEvent" ORDER BY "id"`);
  if (!rows.length || rows[0].prevHash === GENESIS_HASH) return false;
  for (let i = 1; i < rows.length; i++) if (rows[i].prevHash !== rows[i - 1].hash) return false;
  return true;
}

/** The database's tables, as the live schema has them (not as any list in the code says). */
export async function listTables(db: SqlDb): Promise<string[]> {
  const rows =
    db.dialect === "sqlite"
      ? await db.all<{ name: string }>(`SELECT "name" FROM sqlite_master WHERE "type"='table' AND "name" NOT LIKE 'sqlite_%'`)
      : await db.all<{ name: string }>(
          `SELECT table_name AS "name" FROM information_schema.tables WHERE table_schema='public' AND table_type='BASE TABLE'`,
        );
  return rows.map((r) => String(r.name)).sort();
}

/** Every row of every table, as text per table (the tests' view of "the database"). */
export async function dumpTables(db: SqlDb): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await listTables(db)) out[t] = JSON.stringify(await db.all(`SELECT * FROM "${t}"`));
  return out;
}

/** The tables whose dump contains any of the values. */
export function tablesContaining(dump: Record<string, string>, values: readonly string[]): string[] {
  return Object.keys(dump)
    .filter((t) => values.some((v) => dump[t].includes(v)))
    .sort();
}

/** The database with its transactions run by `tx` (tests and the bench wrap each transaction's statements). */
export function withTx(real: SqlDb, tx: SqlDb["tx"]): SqlDb {
  return {
    dialect: real.dialect,
    all: <T = Row>(sql: string, params?: Param[]) => real.all<T>(sql, params),
    run: (sql, params) => real.run(sql, params),
    now: () => real.now(),
    close: async () => undefined,
    tx,
  };
}
