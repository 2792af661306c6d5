// Append-only audit log with a hash chain: hash = sha256(prevHash + canonicalJson(event)), where the
// event is every stored column except id and hash. Appends are serialised (SQLite: the write lock
// of BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock), so the chain never forks. On
// PostgreSQL the hash is computed by the INSERT itself (sha256() over the same text), so an append is
// two statements that need no answer in between and can ride in a one-round-trip script.
// `verifyChain` recomputes every hash and reports the first row that does not match.
// On PostgreSQL a trigger (migration 0017_audit_trail) refuses UPDATE, DELETE and TRUNCATE on the table
// unless the transaction called allowAuditMaintenance first (the audit retention purge does).
import "server-only";
import { canonicalJson, sha256Hex } from "@/lib/security/hash";
import { randomUUID } from "node:crypto";
import type { SqlDb, SqlQuery, SqlStatement } from "@/lib/db/sql";
import type { AuditInput } from "@/lib/engine/ports";

export const GENESIS_HASH = "0".repeat(64);
/** Arbitrary constant key for pg_advisory_xact_lock (ASCII "SWYDAUDT"). */
const AUDIT_LOCK_KEY = "6004233385237824340";

export type { AuditInput };

export interface AuditRow {
  id: number;
  atMs: number;
  actorId: string | null;
  actorType: string;
  action: string;
  targetType: string;
  targetId: string;
  data: string;
  prevHash: string;
  hash: string;
}

function hashOf(prevHash: string, e: Omit<AuditRow, "id" | "hash">): string {
  const event = {
    atMs: e.atMs,
    actorId: e.actorId,
    actorType: e.actorType,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    data: JSON.parse(e.data) as unknown,
    prevHash: e.prevHash,
  };
  return sha256Hex(prevHash + canonicalJson(event));
}

/** Characters JSON.stringify escapes in a string, and surrogates (it escapes a lone one). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify of a string, without its escaping pass when nothing needs escaping (ids, actions, hashes). */
function jsonString(v: string): string {
  return NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`;
}

/**
 * The same hash without parsing `data`: appendAudit stores data as canonical JSON already, so the
 * canonical event is assembled from the stored text (keys in canonical order). Verification falls
 * back to hashOf when this does not match (data stored some other way).
 */
function fastHashOf(r: AuditRow): string {
  const s = jsonString;
  const text =
    `{"action":${s(r.action)},"actorId":${r.actorId === null ? "null" : s(r.actorId)},"actorType":${s(r.actorType)},` +
    `"atMs":${JSON.stringify(Number(r.atMs))},"data":${r.data},"prevHash":${s(r.prevHash)},"targetId":${s(r.targetId)},"targetType":${s(r.targetType)}}`;
  return sha256Hex(r.prevHash + text);
}

function auditRow(input: AuditInput): Omit<AuditRow, "id" | "hash" | "prevHash"> {
  return {
    atMs: input.atMs,
    actorId: input.actorId,
    actorType: input.actorType ?? "user",
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    data: canonicalJson(input.data ?? {}),
  };
}

/**
 * PostgreSQL: the append as statements (lock, then insert hashed in SQL), for the caller's
 * transaction or for a one-round-trip script. The canonical event text is assembled here around
 * the previous hash, which the INSERT reads under the lock and hashes with sha256() exactly as
 * hashOf does: sha256(prevHash + prefix + prevHash + suffix). The lock is its own statement: a
 * statement's snapshot is taken before its locks, so the read must come in a later statement to
 * see the row the previous lock holder committed. `onlyIf` (a condition) appends only when it holds.
 */
export function pgAuditStatements(input: AuditInput, onlyIf?: SqlStatement): SqlStatement[] {
  const row = auditRow(input);
  const mark = `prev-hash-${randomUUID()}`;
  const parts = canonicalJson({ ...row, data: JSON.parse(row.data) as unknown, prevHash: mark }).split(JSON.stringify(mark));
  if (parts.length !== 2) throw new Error("audit event: the previous hash does not occur once in the canonical text");
  const [prefix, suffix] = [`${parts[0]}"`, `"${parts[1]}`];
  return [
    { sql: `SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})` },
    {
      sql: `INSERT INTO "AuditEvent" ("atMs","actorId","actorType","action","targetType","targetId","data","prevHash","hash")
        SELECT ?,?,?,?,?,?,?,p."h",encode(sha256(convert_to(p."h" || ? || p."h" || ?, 'UTF8')), 'hex')
        FROM (SELECT COALESCE((SELECT "hash" FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1), ?) AS "h") p
        ${onlyIf ? `WHERE ${onlyIf.sql}` : ""} RETURNING "hash"`,
      params: [
        ...[row.atMs, row.actorId, row.actorType, row.action, row.targetType, row.targetId, row.data, prefix, suffix, GENESIS_HASH],
        ...(onlyIf?.params ?? []),
      ],
    },
  ];
}

/** Append inside the caller's transaction (so the audited change and its record commit together). */
export async function appendAudit(q: SqlQuery, dialect: SqlDb["dialect"], input: AuditInput): Promise<string> {
  if (dialect === "postgresql") {
    const [lock, insert] = pgAuditStatements(input);
    await q.all(lock.sql, lock.params);
    const rows = await q.all<{ hash: string }>(insert.sql, insert.params);
    return rows[0].hash;
  }
  const last = await q.all<{ hash: string }>(`SELECT "hash" FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1`);
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const row = { ...auditRow(input), prevHash };
  const hash = hashOf(prevHash, row);
  await q.run(
    `INSERT INTO "AuditEvent" ("atMs","actorId","actorType","action","targetType","targetId","data","prevHash","hash") VALUES (?,?,?,?,?,?,?,?,?)`,
    [row.atMs, row.actorId, row.actorType, row.action, row.targetType, row.targetId, row.data, prevHash, hash],
  );
  return hash;
}

export interface ChainVerification {
  ok: boolean;
  count: number;
  /** First row whose prevHash or hash does not match, when ok is false. */
  brokenAtId?: number;
  reason?: string;
  /** When ok: the last row checked and its hash (what a checkpoint signs). */
  headId?: number;
  headHash?: string;
}

/** The setting the PostgreSQL append-only trigger checks; transaction-local. */
export const AUDIT_MAINTENANCE_SETTING = "switchyard.audit_maintenance";

/**
 * Lets the current transaction UPDATE or DELETE audit rows on PostgreSQL (the retention purge of the
 * audit log, nothing else). SQLite has no trigger: there the file's owner can change anything anyway,
 * and signed checkpoints are what detect it.
 */
export async function allowAuditMaintenance(q: SqlQuery, dialect: SqlDb["dialect"]): Promise<void> {
  if (dialect === "postgresql") await q.all(`SELECT set_config('${AUDIT_MAINTENANCE_SETTING}', 'on', true)`);
}

export interface VerifyOptions {
  pageSize?: number;
  /** Called after every page with the rows checked so far (and the last id checked). */
  onProgress?: (count: number, lastId: number) => void | Promise<void>;
  /**
   * Where to start: after this row, whose hash is `prevHash` (a checkpoint, or the boundary left by
   * the audit retention purge). Default: the genesis.
   */
  from?: { afterId: number; prevHash: string };
}

/** The chain's first row and the hash it links to (GENESIS, or the last purged row's hash). */
export async function chainStart(db: SqlQuery): Promise<{ afterId: number; prevHash: string }> {
  const first = await db.all<{ id: number; prevHash: string }>(`SELECT "id","prevHash" FROM "AuditEvent" ORDER BY "id" LIMIT 1`);
  if (!first[0]) return { afterId: 0, prevHash: GENESIS_HASH };
  return { afterId: Number(first[0].id) - 1, prevHash: first[0].prevHash };
}

const CHAIN_COLUMNS = `"id","atMs","actorId","actorType","action","targetType","targetId","data","prevHash","hash"`;

/**
 * PostgreSQL: the text fastHashOf assembles, assembled by the server from the same columns (to_json
 * writes a string as JSON.stringify does, a float8 as the shortest exact form, and the stored data
 * goes in as it is). A page then brings 4 fields a row instead of 10, which is most of this process's
 * cost. It only saves work: a row whose text does not hash to its stored hash is checked again from its
 * columns here (rowProblem), so a row passes exactly when it would without it.
 */
const PG_CHAIN_SELECT = `"id","prevHash","hash",'{"action":' || to_json("action")::text || ',"actorId":' || COALESCE(to_json("actorId")::text, 'null')
  || ',"actorType":' || to_json("actorType")::text || ',"atMs":' || to_json("atMs")::text || ',"data":' || "data"
  || ',"prevHash":' || to_json("prevHash")::text || ',"targetId":' || to_json("targetId")::text
  || ',"targetType":' || to_json("targetType")::text || '}' AS "text"`;

/** A row of a verification page: its link, its hash, and (PostgreSQL) the server-built event text or (SQLite) its columns. */
type ChainRow = Pick<AuditRow, "id" | "prevHash" | "hash"> & { text?: string };

const LINK_BROKEN = "prevHash does not link to the previous row";

/** Why a row's content does not give its stored hash, or null when it does. */
function rowProblem(r: AuditRow): string | null {
  let expected = fastHashOf(r);
  if (expected !== r.hash) {
    try {
      expected = hashOf(r.prevHash, { ...r, atMs: Number(r.atMs) });
    } catch {
      return "data is not valid JSON";
    }
  }
  return expected === r.hash ? null : "hash does not match the row's content";
}

/**
 * Walks the chain in keyset pages (id > last id, the primary key's order) and recomputes every hash.
 * The next page is fetched while this one is hashed, so the database's and this process's work
 * overlap; rows are checked one by one in order, so the first broken link is still the one reported.
 */
export async function verifyChain(db: SqlQuery, pageSizeOrOpts: number | VerifyOptions = 1000): Promise<ChainVerification> {
  const opts: VerifyOptions = typeof pageSizeOrOpts === "number" ? { pageSize: pageSizeOrOpts } : pageSizeOrOpts;
  const pageSize = opts.pageSize ?? 1000;
  const serverText = (db as Partial<SqlDb>).dialect === "postgresql";
  const select = serverText ? PG_CHAIN_SELECT : CHAIN_COLUMNS;
  let prev = opts.from?.prevHash ?? GENESIS_HASH;
  let afterId = opts.from?.afterId ?? 0;
  let count = 0;
  const fetchPage = (after: number): Promise<ChainRow[]> => {
    const page = db.all<ChainRow>(`SELECT ${select} FROM "AuditEvent" WHERE "id" > ? ORDER BY "id" LIMIT ?`, [after, pageSize]);
    // handled here too: a failure while the previous page is hashed (or progress awaited) is not an
    // unhandled rejection; it is thrown where the page is awaited
    void page.catch(() => undefined);
    return page;
  };
  /** A row the fast check did not pass: its problem from its columns (PostgreSQL reads them now), or null. */
  const problemOf = async (r: ChainRow): Promise<string | null> => {
    if (r.text === undefined) return rowProblem(r as AuditRow);
    const full = await db.all<AuditRow>(`SELECT ${CHAIN_COLUMNS} FROM "AuditEvent" WHERE "id" = ?`, [r.id]);
    return full[0] && full[0].prevHash === r.prevHash ? rowProblem(full[0]) : "hash does not match the row's content";
  };
  let pending: Promise<ChainRow[]> | null = fetchPage(afterId);
  while (pending) {
    const rows: ChainRow[] = await pending;
    // a full page may have a successor: ask for it now, hash this one meanwhile
    pending = rows.length === pageSize ? fetchPage(Number(rows[rows.length - 1].id)) : null;
    for (const r of rows) {
      // synchronous for a row that checks out (no promise per row); only a row that does not is looked at again
      const fast = r.text === undefined ? fastHashOf(r as AuditRow) : sha256Hex(r.prevHash + r.text);
      const problem = r.prevHash !== prev ? LINK_BROKEN : fast === r.hash ? null : await problemOf(r);
      if (problem) {
        await pending?.catch(() => undefined); // not left running after the answer
        return { ok: false, count, brokenAtId: Number(r.id), reason: problem };
      }
      prev = r.hash;
      count++;
    }
    if (rows.length > 0) afterId = Number(rows[rows.length - 1].id);
    if (opts.onProgress) await opts.onProgress(count, afterId);
  }
  return { ok: true, count, headId: afterId, headHash: prev };
}
