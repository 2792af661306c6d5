// Signed audit checkpoints (lib/audit/checkpoints.ts signs and checks them): rows of the chain head's
// sequence and hash with an Ed25519 signature. Append-only like the audit table (the same PostgreSQL
// trigger); an auditor keeps copies outside the database.
import "server-only";
import type { SqlQuery } from "./sql";

export interface CheckpointRow {
  id: number;
  seq: number;
  headHash: string;
  atMs: number;
  signature: string;
  publicKey: string;
  actorId: string | null;
}

const COLS = `"id","seq","headHash","atMs","signature","publicKey","actorId"`;

function toRow(r: Record<string, unknown>): CheckpointRow {
  return {
    id: Number(r.id),
    seq: Number(r.seq),
    headHash: String(r.headHash),
    atMs: Number(r.atMs),
    signature: String(r.signature),
    publicKey: String(r.publicKey),
    actorId: (r.actorId as string | null) ?? null,
  };
}

/** The chain head: the newest audit row's id and hash, or null for an empty log. */
export async function auditHead(q: SqlQuery): Promise<{ seq: number; hash: string } | null> {
  const rows = await q.all<{ id: number; hash: string }>(`SELECT "id","hash" FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1`);
  return rows[0] ? { seq: Number(rows[0].id), hash: rows[0].hash } : null;
}

export async function countAudit(q: SqlQuery): Promise<number> {
  const rows = await q.all<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM "AuditEvent"`);
  return Number(rows[0]?.n ?? 0);
}

/** The stored hash of audit row `seq`, or null when no such row exists (never written, or purged). */
export async function auditHashAt(q: SqlQuery, seq: number): Promise<string | null> {
  const rows = await q.all<{ hash: string }>(`SELECT "hash" FROM "AuditEvent" WHERE "id" = ?`, [seq]);
  return rows[0]?.hash ?? null;
}

export async function insertCheckpoint(q: SqlQuery, c: Omit<CheckpointRow, "id">): Promise<CheckpointRow> {
  const rows = await q.all(
    `INSERT INTO "AuditCheckpoint" ("seq","headHash","atMs","signature","publicKey","actorId") VALUES (?,?,?,?,?,?) RETURNING ${COLS}`,
    [c.seq, c.headHash, c.atMs, c.signature, c.publicKey, c.actorId],
  );
  return toRow(rows[0]);
}

/** The earliest checkpoint whose sequence is at or past `seq` (it pins every row up to `seq`), or null. */
export async function firstCheckpointCovering(q: SqlQuery, seq: number): Promise<CheckpointRow | null> {
  const rows = await q.all(`SELECT ${COLS} FROM "AuditCheckpoint" WHERE "seq" >= ? ORDER BY "seq", "id" LIMIT 1`, [seq]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** Checkpoints, newest first. */
export async function listCheckpoints(q: SqlQuery, limit = 100): Promise<CheckpointRow[]> {
  const rows = await q.all(`SELECT ${COLS} FROM "AuditCheckpoint" ORDER BY "id" DESC LIMIT ?`, [limit]);
  return rows.map(toRow);
}

/** Every checkpoint, oldest first (verification). */
export async function allCheckpoints(q: SqlQuery): Promise<CheckpointRow[]> {
  const rows = await q.all(`SELECT ${COLS} FROM "AuditCheckpoint" ORDER BY "id"`);
  return rows.map(toRow);
}
