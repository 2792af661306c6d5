// The audit trail's read model: pages of events newest first with keyset pagination on the chain
// sequence ("id" < cursor, never OFFSET, so page 5,000 costs what page 1 costs), filters on actor,
// action, target and time, a plain substring search, one event in full, and batches for the streamed
// export. Appending and verifying the chain are lib/db/audit-store.ts.
//
// A time range is turned into id bounds first (idBoundsOf): the smallest and largest id among the rows
// in the range, read from an index of the time that holds the id (SQLite's "atMs" index carries the
// rowid; PostgreSQL has "atMs","id" from migration 0028, an index-only scan), so the page walks only the
// ids of the range instead of every newer row. The times are the callers' clocks, not necessarily
// increasing with the id, so the bounds are the exact MIN and MAX over the range (not a seek to the
// first and last time), and the time predicates stay in the page query. PostgreSQL's own plan for a
// narrow range far back walked every newer row (2.8 s at 1,000,000 rows).
//
// A search of 3 characters or more is answered by a trigram index (migration 0028): FTS5 on SQLite,
// pg_trgm GIN on PostgreSQL; the LIKE predicates still decide, so both give the same rows as a scan.
// SQLite's index is filled in batches (lib/db/audit-search-index.ts): a search first indexes the rows
// appended since the last batch. A PostgreSQL search reads a window of the newest ids first, then the
// trigram index (pgSearchRows), so its plan does not hang on the planner's guess of the term's frequency.
import "server-only";
import { catchUpAuditSearch } from "./audit-search-index";
import type { Param, SqlDb, SqlQuery } from "./sql";

export interface AuditRow {
  id: number;
  atMs: number;
  actorId: string | null;
  /** The actor's email when the actor is a user that still exists. */
  actorEmail: string | null;
  actorType: string;
  action: string;
  targetType: string;
  targetId: string;
  hash: string;
}

/** One event with everything recorded: its data (decision, reason, diff, payload hash...) and both hashes. */
export interface AuditDetail extends AuditRow {
  data: unknown;
  prevHash: string;
}

export interface AuditFilter {
  actorId?: string;
  /** Exact action ("task.decided"), or a prefix ending in "." ("task."). */
  action?: string;
  targetType?: string;
  targetId?: string;
  fromMs?: number;
  toMs?: number;
  /** Substring of the action, target id or recorded data (case-sensitive on PostgreSQL). */
  q?: string;
}

export interface AuditPage {
  events: AuditRow[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: number | null;
}

const COLUMNS = `e."id", e."atMs", e."actorId", u."email" AS "actorEmail", e."actorType", e."action", e."targetType", e."targetId", e."hash"`;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Rows of a time range beyond which idBoundsOf gives up and the page walks ids unbounded. */
export const ID_BOUNDS_SCAN_CAP = 200_000;

/** Inclusive id bounds of the rows in the filter's time range; "empty" when no row is in it. */
export type IdBounds = { lo: number; hi: number } | "empty" | null;

/**
 * The id bounds of the time range, from a scan of the "atMs" index capped at ID_BOUNDS_SCAN_CAP rows:
 * a narrow range far in the past costs its own rows, not every newer row. A range wider than the cap
 * gets no bounds (null): it is dense enough that walking ids newest first meets its rows quickly.
 */
export async function idBoundsOf(db: SqlQuery, f: AuditFilter): Promise<IdBounds> {
  if (f.fromMs === undefined && f.toMs === undefined) return null;
  const where: string[] = [];
  const params: Param[] = [];
  if (f.fromMs !== undefined) {
    where.push(`"atMs" >= ?`);
    params.push(f.fromMs);
  }
  if (f.toMs !== undefined) {
    where.push(`"atMs" < ?`);
    params.push(f.toMs);
  }
  const rows = await db.all(
    `SELECT MIN("id") AS "lo", MAX("id") AS "hi", COUNT(*) AS "n" FROM (SELECT "id" FROM "AuditEvent" WHERE ${where.join(" AND ")} LIMIT ?) r`,
    [...params, ID_BOUNDS_SCAN_CAP + 1],
  );
  const r = rows[0];
  const n = Number(r?.n ?? 0);
  if (n === 0) return "empty";
  if (n > ID_BOUNDS_SCAN_CAP) return null;
  return { lo: Number(r.lo), hi: Number(r.hi) };
}

type Dialect = SqlDb["dialect"];

/** The database's dialect; null for a transaction's query handle, which searches without an index. */
function dialectOf(db: SqlQuery): Dialect | null {
  return (db as Partial<SqlDb>).dialect ?? null;
}

function whereOf(
  dialect: Dialect | null,
  f: AuditFilter,
  before: number | undefined,
  bounds: IdBounds = null,
): { sql: string; params: Param[] } {
  const where: string[] = [];
  const params: Param[] = [];
  if (bounds !== null && bounds !== "empty") {
    where.push(`e."id" >= ?`, `e."id" <= ?`);
    params.push(bounds.lo, bounds.hi);
  }
  if (before !== undefined) {
    where.push(`e."id" < ?`);
    params.push(before);
  }
  if (f.actorId) {
    where.push(`e."actorId" = ?`);
    params.push(f.actorId);
  }
  if (f.action) {
    if (f.action.endsWith(".")) {
      where.push(`e."action" LIKE ? ESCAPE '\\'`);
      params.push(`${escapeLike(f.action)}%`);
    } else {
      where.push(`e."action" = ?`);
      params.push(f.action);
    }
  }
  if (f.targetType) {
    where.push(`e."targetType" = ?`);
    params.push(f.targetType);
  }
  if (f.targetId) {
    where.push(`e."targetId" = ?`);
    params.push(f.targetId);
  }
  // SQLite: never the "atMs" index for the page (newest first by id): a range too wide for id bounds
  // read through it sorted every row of the range in a temporary B-tree (0.4 s of CPU at 1,000,000)
  const atMs = dialect === "sqlite" ? `+e."atMs"` : `e."atMs"`;
  if (f.fromMs !== undefined) {
    where.push(`${atMs} >= ?`);
    params.push(f.fromMs);
  }
  if (f.toMs !== undefined) {
    where.push(`${atMs} < ?`);
    params.push(f.toMs);
  }
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    // PostgreSQL: the trigram index's expression first (a candidate test the index answers), then the
    // columns one by one, which decide (a match across two columns' boundary is not a match)
    if (dialect === "postgresql" && indexedSearch(f.q)) {
      where.push(`${PG_SEARCH_TEXT} LIKE ? ESCAPE '\\'`);
      params.push(like);
    }
    where.push(`(e."action" LIKE ? ESCAPE '\\' OR e."targetId" LIKE ? ESCAPE '\\' OR e."data" LIKE ? ESCAPE '\\')`);
    params.push(like, like, like);
  }
  return { sql: where.length ? `WHERE ${where.join(" AND ")}` : "", params };
}

/** The expression migration 0028 indexes with pg_trgm (GIN) on PostgreSQL. */
const PG_SEARCH_TEXT = `(e."action" || ' ' || e."targetId" || ' ' || e."data")`;

/** A trigram index narrows a search of at least 3 characters; a shorter one scans. */
function indexedSearch(q: string): boolean {
  return [...q].length >= 3;
}

/** At most this many of the search's trigrams go into the FTS5 query (any subset only widens it; LIKE decides). */
const MAX_SEARCH_TRIGRAMS = 16;

/**
 * SQLite: the FTS5 query (trigram tokenizer, detail=none, migration 0028) that every row containing
 * `q` matches: all of q's distinct trigrams, each a quoted term. Rows it returns are candidates; the
 * LIKE predicates still decide, so case folding or a trigram cap can only widen it.
 */
function ftsTrigramQuery(q: string): string | null {
  const chars = [...q];
  if (chars.length < 3) return null;
  const terms = new Set<string>();
  for (let i = 0; i + 3 <= chars.length && terms.size < MAX_SEARCH_TRIGRAMS; i++) terms.add(chars.slice(i, i + 3).join(""));
  return [...terms].map((t) => `"${t.replace(/"/g, '""')}"`).join(" AND ");
}

/**
 * Where the page's rows come from. A SQLite search is driven by the full-text index, newest candidate
 * first, so a rare term costs its matches and a common one stops at the page's end; anything else
 * reads the table.
 */
function sourceOf(
  dialect: Dialect | null,
  f: AuditFilter,
  before: number | undefined,
): { sql: string; params: Param[]; order: string; indexed: boolean } {
  const fts = dialect === "sqlite" && f.q ? ftsTrigramQuery(f.q) : null;
  if (fts === null) return { sql: `"AuditEvent" e`, params: [], order: `e."id"`, indexed: false };
  const bound = before === undefined ? "" : ` AND rowid < ?`;
  return {
    sql: `(SELECT rowid AS "id" FROM "AuditSearch" WHERE "AuditSearch" MATCH ?${bound} ORDER BY rowid DESC) m JOIN "AuditEvent" e ON e."id" = m."id"`,
    params: before === undefined ? [fts] : [fts, before],
    order: `m."id"`,
    indexed: true,
  };
}

/** At most this many distinct actions under a prefix are read one index range each; more use LIKE. */
const MAX_PREFIX_ACTIONS = 32;
/** PostgreSQL lists every distinct action to pick a prefix's; a log with more than this keeps LIKE. */
const MAX_DISTINCT_ACTIONS = 1000;

/**
 * The distinct actions that start with `prefix` ("task."), read by skipping through the (action, id)
 * index, one seek per action; null when there are more than MAX_PREFIX_ACTIONS. SQLite reads only the
 * prefix's range, which ends at the prefix with its final "." raised to "/" (byte order: its BINARY
 * collation). PostgreSQL's collation need not sort a prefix's actions together, so it skips through
 * every distinct action (the product writes a few dozen) and keeps those that start with the prefix.
 */
async function actionsUnder(db: SqlQuery, dialect: Dialect, prefix: string): Promise<string[] | null> {
  if (dialect === "postgresql") {
    const rows = await db.all<{ action: string }>(
      `WITH RECURSIVE a("action") AS (
         SELECT (SELECT MIN("action") FROM "AuditEvent")
         UNION ALL
         SELECT (SELECT MIN(x."action") FROM "AuditEvent" x WHERE x."action" > a."action") FROM a WHERE a."action" IS NOT NULL
       ) SELECT "action" FROM a WHERE "action" IS NOT NULL LIMIT ?`,
      [MAX_DISTINCT_ACTIONS + 1],
    );
    if (rows.length > MAX_DISTINCT_ACTIONS) return null;
    const under = rows.map((r) => String(r.action)).filter((a) => a.startsWith(prefix));
    return under.length > MAX_PREFIX_ACTIONS ? null : under;
  }
  const end = `${prefix.slice(0, -1)}/`;
  const rows = await db.all<{ action: string }>(
    `WITH RECURSIVE a("action") AS (
       SELECT (SELECT MIN("action") FROM "AuditEvent" WHERE "action" >= ? AND "action" < ?)
       UNION ALL
       SELECT (SELECT MIN(x."action") FROM "AuditEvent" x WHERE x."action" > a."action" AND x."action" < ?) FROM a WHERE a."action" IS NOT NULL
     ) SELECT "action" FROM a WHERE "action" IS NOT NULL LIMIT ?`,
    [prefix, end, end, MAX_PREFIX_ACTIONS + 1],
  );
  return rows.length > MAX_PREFIX_ACTIONS ? null : rows.map((r) => String(r.action));
}

/**
 * An action prefix without a search: the page's ids from each action's own range of the (action, id)
 * index, newest `limit` of each, merged (the one sort is of those, at most MAX_PREFIX_ACTIONS × limit
 * ids). LIKE on the prefix could not use the index: the page walked the table newest first, every
 * row of it for a prefix no row has (at 1,000,000 rows 0.17 s of CPU on SQLite, 2.2 s on
 * PostgreSQL). Null: the prefix has too many actions, the page keeps LIKE.
 */
async function prefixSource(
  db: SqlQuery,
  f: AuditFilter,
  before: number | undefined,
  bounds: IdBounds,
  limit: number,
): Promise<{ sql: string; params: Param[]; order: string } | "empty" | null> {
  const dialect = dialectOf(db);
  if (dialect === null || !f.action?.endsWith(".") || f.q) return null;
  const actions = await actionsUnder(db, dialect, f.action);
  if (actions === null) return null;
  if (actions.length === 0) return "empty";
  const params: Param[] = [];
  const branches = actions.map((action) => {
    const w = whereOf(dialect, { ...f, action }, before, bounds);
    params.push(...w.params, limit);
    return `SELECT "id" FROM (SELECT e."id" FROM "AuditEvent" e ${w.sql} ORDER BY e."id" DESC LIMIT ?) p`;
  });
  return { sql: `(${branches.join(" UNION ALL ")}) m JOIN "AuditEvent" e ON e."id" = m."id"`, params, order: `m."id"` };
}

function toRow(r: Record<string, unknown>): AuditRow {
  return {
    id: Number(r.id),
    atMs: Number(r.atMs),
    actorId: (r.actorId as string | null) ?? null,
    actorEmail: (r.actorEmail as string | null) ?? null,
    actorType: String(r.actorType),
    action: String(r.action),
    targetType: String(r.targetType),
    targetId: String(r.targetId),
    hash: String(r.hash),
  };
}

/** The newest ids a PostgreSQL search reads in id order before it asks the trigram index alone. */
export const PG_SEARCH_WINDOW = 5_000;

/**
 * PostgreSQL: a search page in two steps whose cost does not hang on the planner's guess of how often
 * the term occurs. The planner estimates a LIKE on the searched text from a histogram of a hundred
 * sampled rows: when one of them happens to hold the term it expects thousands of matches and walks
 * ids newest first, filtering every row (at 1,000,000 rows a term in one row of 1,000 read 50,000 rows,
 * 0.22 s quiet and 0.34 s loaded). So first the newest PG_SEARCH_WINDOW ids below the cursor are read
 * in id order (a few milliseconds whatever the term); a term common enough to fill the page there is
 * done. Otherwise the rows below the window come from the trigram index, sorted by an expression the
 * id index cannot give, so the plan is the index's candidates and a top-N sort: it costs the term's
 * older matches, which are few, since the term was rare in the window.
 */
async function pgSearchRows(
  db: SqlQuery,
  f: AuditFilter,
  before: number | undefined,
  bounds: IdBounds,
  take: number,
): Promise<Record<string, unknown>[]> {
  // a time range's bounds (idBoundsOf) put the window at the newest ids of the range
  let below = bounds !== null && bounds !== "empty" ? Math.min(before ?? Infinity, bounds.hi + 1) : before;
  if (below === undefined) {
    const [top] = await db.all<{ hi: number | null }>(`SELECT MAX("id") AS "hi" FROM "AuditEvent"`);
    if (top?.hi === null || top?.hi === undefined) return [];
    below = Number(top.hi) + 1;
  }
  const from = below - PG_SEARCH_WINDOW;
  const recent = whereOf("postgresql", f, below, bounds);
  const rows = await db.all(
    `SELECT ${COLUMNS} FROM "AuditEvent" e LEFT JOIN "User" u ON u."id" = e."actorId" ${recent.sql} AND e."id" >= ? ORDER BY e."id" DESC LIMIT ?`,
    [...recent.params, from, take],
  );
  if (rows.length >= take || from <= 1) return rows;
  const older = whereOf("postgresql", f, from, bounds);
  const rest = await db.all(
    `SELECT ${COLUMNS} FROM "AuditEvent" e LEFT JOIN "User" u ON u."id" = e."actorId" ${older.sql} ORDER BY e."id" + 0 DESC LIMIT ?`,
    [...older.params, take - rows.length],
  );
  return [...rows, ...rest];
}

/** One page of events, newest first, older than `before` (an event id) when given. */
export async function listAudit(db: SqlQuery, f: AuditFilter, opts: { before?: number; limit: number }): Promise<AuditPage> {
  const bounds = await idBoundsOf(db, f);
  if (bounds === "empty") return { events: [], nextCursor: null };
  const dialect = dialectOf(db);
  const prefixed = await prefixSource(db, f, opts.before, bounds, opts.limit + 1);
  if (prefixed === "empty") return { events: [], nextCursor: null };
  if (!prefixed && dialect === "postgresql" && f.q && indexedSearch(f.q)) {
    const rows = await pgSearchRows(db, f, opts.before, bounds, opts.limit + 1);
    const events = rows.slice(0, opts.limit).map(toRow);
    return { events, nextCursor: rows.length > opts.limit ? events[events.length - 1].id : null };
  }
  const src = prefixed ?? sourceOf(dialect, f, opts.before);
  // SQLite's index is filled in batches (migration 0031): rows appended since the last batch join it first
  if ("indexed" in src && src.indexed) await catchUpAuditSearch(db as SqlDb);
  const w = prefixed ? { sql: "", params: [] } : whereOf(dialect, f, opts.before, bounds);
  const rows = await db.all(
    `SELECT ${COLUMNS} FROM ${src.sql} LEFT JOIN "User" u ON u."id" = e."actorId" ${w.sql} ORDER BY ${src.order} DESC LIMIT ?`,
    [...src.params, ...w.params, opts.limit + 1],
  );
  const events = rows.slice(0, opts.limit).map(toRow);
  return { events, nextCursor: rows.length > opts.limit ? events[events.length - 1].id : null };
}

/** The newest `limit` audit events, newest first (the dashboard's short list). */
export async function listRecentAudit(db: SqlQuery, limit: number): Promise<AuditRow[]> {
  return (await listAudit(db, {}, { limit })).events;
}

export async function getAuditEvent(db: SqlQuery, id: number): Promise<AuditDetail | null> {
  const rows = await db.all(
    `SELECT ${COLUMNS}, e."data", e."prevHash" FROM "AuditEvent" e LEFT JOIN "User" u ON u."id" = e."actorId" WHERE e."id" = ?`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  let data: unknown;
  try {
    data = JSON.parse(String(r.data));
  } catch {
    data = String(r.data);
  }
  return { ...toRow(r), data, prevHash: String(r.prevHash) };
}

/**
 * Every matching event, oldest first, in batches of `batchSize` (keyset on id), with its data: the
 * export streams these so memory stays flat whatever the size of the log.
 */
export async function* auditBatches(db: SqlQuery, f: AuditFilter, batchSize = 1000): AsyncGenerator<AuditDetail[]> {
  const bounds = await idBoundsOf(db, f);
  if (bounds === "empty") return;
  let after = 0;
  for (;;) {
    const w = whereOf(dialectOf(db), f, undefined, bounds);
    const cond = w.sql ? `${w.sql} AND e."id" > ?` : `WHERE e."id" > ?`;
    const rows = await db.all(
      `SELECT ${COLUMNS}, e."data", e."prevHash" FROM "AuditEvent" e LEFT JOIN "User" u ON u."id" = e."actorId" ${cond} ORDER BY e."id" LIMIT ?`,
      [...w.params, after, batchSize],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => {
      let data: unknown;
      try {
        data = JSON.parse(String(r.data));
      } catch {
        data = String(r.data);
      }
      return { ...toRow(r), data, prevHash: String(r.prevHash) };
    });
    if (rows.length < batchSize) return;
    after = Number(rows[rows.length - 1].id);
  }
}
