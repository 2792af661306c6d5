// The database clock inside a transaction, for writers outside the engine store that stamp rows
// with it (task comments, escalations, notifications). SQLite: the process clock is the database
// clock; PostgreSQL: clock_timestamp() on the transaction's own connection.
import "server-only";
import type { SqlDb, SqlQuery } from "./sql";

/** The database clock in epoch ms, as an SQL expression (PostgreSQL). */
export const PG_NOW = `(extract(epoch from clock_timestamp()) * 1000)::float8`;

export async function txNow(dialect: SqlDb["dialect"], q: SqlQuery): Promise<number> {
  if (dialect === "sqlite") return Date.now();
  const r = await q.all<{ now: number }>(`SELECT ${PG_NOW} AS "now"`);
  return Number(r[0].now);
}
