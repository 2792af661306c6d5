// Key/value settings (the Setting table, JSON text values), e.g. the inbox sweep's new-task cursor.
import "server-only";
import type { SqlQuery } from "./sql";

/** The stored JSON text, or null when the key is not set. */
export async function readSetting(q: SqlQuery, key: string): Promise<string | null> {
  const rows = await q.all<{ value: string }>(`SELECT "value" FROM "Setting" WHERE "key"=?`, [key]);
  return rows[0] ? String(rows[0].value) : null;
}

export async function writeSetting(q: SqlQuery, key: string, value: unknown): Promise<void> {
  await q.run(`INSERT INTO "Setting" ("key","value") VALUES (?,?) ON CONFLICT ("key") DO UPDATE SET "value"=excluded."value"`, [
    key,
    JSON.stringify(value),
  ]);
}
