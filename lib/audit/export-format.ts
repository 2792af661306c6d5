// Lines of the audit export: JSON Lines (one event per line, its data as JSON) or CSV (RFC 4180, the
// data column as JSON text). Cells that a spreadsheet would run as a formula are prefixed with '.
import type { AuditDetail } from "@/lib/db/audit-read";

export const CSV_COLUMNS = [
  "id",
  "atMs",
  "at",
  "actorId",
  "actorEmail",
  "actorType",
  "action",
  "targetType",
  "targetId",
  "data",
  "prevHash",
  "hash",
] as const;

export function jsonLine(e: AuditDetail): string {
  return `${JSON.stringify({ ...e, at: new Date(e.atMs).toISOString() })}\n`;
}

function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? "" : typeof v === "string" ? v : typeof v === "number" ? String(v) : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(",")}\r\n`;
}

export function csvLine(e: AuditDetail): string {
  const row: Record<(typeof CSV_COLUMNS)[number], unknown> = { ...e, at: new Date(e.atMs).toISOString() };
  return `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(",")}\r\n`;
}
