// The one row codec for raw SQL: how JSON, timestamps and numbers are written and read on both
// databases, and how a unique violation is recognised. Every store and read model under lib/db uses
// these instead of its own copy, so SQLite's text and PostgreSQL's native types decode one way.
import "server-only";
import type { SqlDb } from "@/lib/db/sql";

/** JSON value to a text column (undefined and null are SQL NULL). */
export function jsonText(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}

/** A JSON column read back: parsed text, the value itself when the driver already parsed it. Corrupt text stays text. */
export function jsonColumn(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
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

/** A numeric column (pg returns BIGINT as text) as a number, NULL as null. */
export function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/**
 * DateTime columns written with raw SQL must look like what each Prisma adapter writes, so Prisma
 * (and other readers) parse them back: ISO text with "+00:00" on SQLite, a timestamp on PostgreSQL.
 */
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

/** True when e is a unique-constraint violation from either database (raw driver or Prisma). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!err) return false;
  const code = String(err.code ?? "");
  if (code === "23505" || code === "P2002" || code.startsWith("SQLITE_CONSTRAINT")) return true;
  if (/UNIQUE constraint failed|duplicate key value violates unique constraint/.test(String(err.message ?? ""))) return true;
  return err.cause !== undefined && err.cause !== e ? isUniqueViolation(err.cause) : false;
}
