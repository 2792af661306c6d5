// DateTime columns written with raw SQL must look like what each Prisma adapter writes, so Prisma
// (and other readers) parse them back: ISO text with "+00:00" on SQLite, a timestamp on PostgreSQL.
import type { SqlDb } from "@/lib/db/sql";

export function sqlTimestamp(dialect: SqlDb["dialect"], ms: number): string {
  const iso = new Date(ms).toISOString();
  return dialect === "sqlite" ? iso.replace("Z", "+00:00") : iso;
}

/** A DateTime column read through raw SQL (text on SQLite, Date on PostgreSQL) as ISO text. */
export function readTimestamp(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const d = new Date(String(value));
  return Number.isNaN(d.getTime()) ? String(value) : d.toISOString();
}

/** Parse a JSON text column, falling back when it is missing or corrupt. */
export function parseJsonColumn(value: unknown, fallback: unknown): unknown {
  if (typeof value !== "string") return value ?? fallback;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return fallback;
  }
}
