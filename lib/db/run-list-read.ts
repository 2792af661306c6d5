// The runs list on the raw SQL port: one WHERE built from the filter (shared by the page, the count
// and the bulk actions), offset pagination over index-ordered rows, then the page's labels
// (workflow name, version, initiator, open task) in a few IN (...) reads. Heavy columns (input,
// output) are never selected. Indexes that serve each single filter + the default order:
// Run(status, createdAt), (workflowId, createdAt), (versionId, createdAt), (initiatorId, createdAt),
// (outcome, createdAt), (createdAt); "has open tasks" starts from Task(status, createdAtMs).
import "server-only";
import type { Param, Row, SqlDb, SqlQuery } from "@/lib/db/sql";
import { num, readTimestamp, sqlTimestamp } from "@/lib/db/row-codec";
import { TIME_RANGES, type RunListFilter, type RunListSort } from "@/lib/monitoring/run-list-filter";
import { COUNT_CAP, type RunListPage, type RunListRow } from "@/lib/monitoring/run-list-page";
import { decodeCursor, encodeCursor } from "@/lib/monitoring/run-list-cursor";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_PREFIX = /^[0-9a-f-]{4,35}$/i;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Upper bound for a prefix range on a text key (works with the primary key index on both databases). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** The read side of the SQL port plus its dialect (SqlDb, or a transaction with the dialect). */
export type ListDb = SqlQuery & { dialect: SqlDb["dialect"] };

export interface WhereClause {
  sql: string;
  params: Param[];
}

/**
 * How `q` is matched: a full run id exactly; hex characters as a run id prefix when some run id
 * starts with them (an index range), otherwise as a substring of the run input (a scan).
 */
export type SearchMode = "id" | "input";

export async function resolveSearchMode(db: ListDb, f: RunListFilter): Promise<SearchMode> {
  const q = f.q?.trim();
  if (!q || !ID_PREFIX.test(q) || UUID.test(q)) return UUID.test(q ?? "") ? "id" : "input";
  const lower = q.toLowerCase();
  const hit = await db.all(`SELECT 1 AS "x" FROM "Run" WHERE "id" >= ? AND "id" < ? LIMIT 1`, [lower, prefixEnd(lower)]);
  return hit.length ? "id" : "input";
}

export interface WhereOptions {
  nowMs?: number;
  searchMode?: SearchMode;
  /**
   * How "has open tasks" is written: `in` drives from the open tasks (few of them), `exists` walks
   * runs newest first and probes each (many of them), `omit` leaves it to the caller (Task-driven count).
   */
  openTasks?: "in" | "exists" | "omit";
  /** `omit`: leave test runs in whatever the filter says (the caller subtracts them: see countRuns). */
  tests?: "omit";
}

export function buildRunWhere(dialect: SqlDb["dialect"], f: RunListFilter, opts: WhereOptions = {}): WhereClause {
  const nowMs = opts.nowMs ?? Date.now();
  const searchMode = opts.searchMode ?? "input";
  const w: string[] = [];
  const p: Param[] = [];
  if (f.status) {
    w.push(`r."status" = ?`);
    p.push(f.status);
  }
  if (f.outcome) {
    w.push(`r."outcome" = ?`);
    p.push(f.outcome);
  }
  if (f.workflowId) {
    w.push(`r."workflowId" = ?`);
    p.push(f.workflowId);
  }
  if (f.versionId) {
    w.push(`r."versionId" = ?`);
    p.push(f.versionId);
  }
  if (f.initiatorId) {
    w.push(`r."initiatorId" = ?`);
    p.push(f.initiatorId);
  }
  if (f.test !== "include" && opts.tests !== "omit") w.push(f.test === "only" ? `r."isTest"` : `NOT r."isTest"`);
  const from = f.range ? nowMs - TIME_RANGES[f.range] : f.from;
  const to = f.range ? undefined : f.to;
  if (from !== undefined) {
    w.push(`r."createdAt" >= ?`);
    p.push(sqlTimestamp(dialect, from));
  }
  if (to !== undefined) {
    w.push(`r."createdAt" <= ?`);
    p.push(sqlTimestamp(dialect, to));
  }
  if (f.hasOpenTasks === true && opts.openTasks !== "omit") {
    w.push(
      opts.openTasks === "exists"
        ? `EXISTS (SELECT 1 FROM "Task" t WHERE t."runId" = r."id" AND t."status" = 'open')`
        : `r."id" IN (SELECT t."runId" FROM "Task" t WHERE t."status" = 'open')`,
    );
  }
  if (f.hasOpenTasks === false) w.push(`r."id" NOT IN (SELECT t."runId" FROM "Task" t WHERE t."status" = 'open')`);
  const q = f.q?.trim();
  if (q) {
    const like = dialect === "postgresql" ? "ILIKE" : "LIKE";
    if (UUID.test(q)) {
      w.push(`r."id" = ?`);
      p.push(q.toLowerCase());
    } else if (searchMode === "id" && ID_PREFIX.test(q)) {
      const lower = q.toLowerCase();
      w.push(`r."id" >= ? AND r."id" < ?`);
      p.push(lower, prefixEnd(lower));
    } else {
      w.push(`r."input" ${like} ? ESCAPE '\\'`);
      p.push(`%${escapeLike(q)}%`);
    }
  }
  return { sql: w.length ? `WHERE ${w.join(" AND ")}` : "", params: p };
}

/** One key of the list's order; `nullable` keys sort their NULLs last in either direction. */
interface SortKeyExpr {
  sql: string;
  params: Param[];
  desc: boolean;
  nullable?: boolean;
  /** The key's value of a row, as the cursor carries it. */
  value: (r: Row) => number | null;
  /** A cursor value as the SQL parameter it is compared with. */
  param?: (v: number) => Param;
}

/** The list's order as keys, the run id last (unique: the order is total, so keyset pages neither skip nor repeat). */
function sortKeys(dialect: SqlDb["dialect"], s: RunListSort, nowMs: number): SortKeyExpr[] {
  const desc = s.dir !== "asc";
  const created: SortKeyExpr = {
    sql: `r."createdAt"`,
    params: [],
    desc,
    value: (r) => Date.parse(readTimestamp(r.createdAt)),
    param: (v) => sqlTimestamp(dialect, v),
  };
  switch (s.sort) {
    case "duration":
      return [
        {
          sql: `(COALESCE(r."finishedAtMs", ?) - r."startedAtMs")`,
          params: [nowMs],
          desc,
          nullable: true,
          value: (r) =>
            r.startedAtMs === null || r.startedAtMs === undefined ? null : (num(r.finishedAtMs) ?? nowMs) - Number(r.startedAtMs),
        },
      ];
    case "cost":
      return [
        { sql: `r."costUsd"`, params: [], desc, value: (r) => Number(r.costUsd ?? 0) },
        { ...created, desc: true },
      ];
    default:
      return [created];
  }
}

const idKey = (desc: boolean): SortKeyExpr => ({ sql: `r."id"`, params: [], desc, value: () => null });

/** ORDER BY of the keys (reversed: the order read backwards, for the page before a cursor). */
function orderSql(keys: SortKeyExpr[], reversed: boolean): { sql: string; params: Param[] } {
  return {
    sql: keys
      .map((k) => `${k.sql} ${k.desc !== reversed ? "DESC" : "ASC"}${k.nullable ? (reversed ? " NULLS FIRST" : " NULLS LAST") : ""}`)
      .join(", "),
    params: keys.flatMap((k) => k.params),
  };
}

/**
 * Rows strictly after the cursor in the keys' order (reversed: strictly before it): for each key i,
 * "keys before i equal the cursor's, key i beyond it", OR-ed. NULL durations sort last.
 */
function keysetWhere(keys: SortKeyExpr[], values: (number | string | null)[], reversed: boolean): WhereClause {
  const arms: string[] = [];
  const params: Param[] = [];
  for (let i = 0; i < keys.length; i++) {
    const conds: string[] = [];
    const ps: Param[] = [];
    for (let j = 0; j < i; j++) {
      const k = keys[j];
      const v = values[j];
      if (v === null) conds.push(`${k.sql} IS NULL`);
      else conds.push(`${k.sql} = ?`);
      ps.push(...k.params);
      if (v !== null) ps.push(k.param && typeof v === "number" ? k.param(v) : v);
    }
    const k = keys[i];
    const v = values[i];
    const forwardDesc = k.desc !== reversed;
    let beyond: string | null;
    const bp: Param[] = [...k.params];
    if (v === null) {
      // NULLs are last reading forwards (nothing beyond them), first reading backwards (every value is beyond)
      beyond = reversed ? `${k.sql} IS NOT NULL` : null;
    } else {
      beyond = `${k.sql} ${forwardDesc ? "<" : ">"} ?`;
      bp.push(k.param && typeof v === "number" ? k.param(v) : v);
      if (k.nullable && !reversed) {
        beyond = `(${beyond} OR ${k.sql} IS NULL)`;
        bp.push(...k.params);
      }
    }
    if (beyond === null) continue;
    arms.push(`(${[...conds, beyond].join(" AND ")})`);
    params.push(...ps, ...bp);
  }
  return { sql: arms.length ? `WHERE (${arms.join(" OR ")})` : "WHERE 1 = 0", params };
}

const LIST_COLS = `r."id", r."workflowId", r."versionId", r."status", r."outcome", r."trigger", r."initiatorId", r."parentRunId",
  r."sourceRunId", r."isTest", r."waitingOn", r."tokens", r."costUsd", r."createdAt", r."startedAtMs", r."finishedAtMs", r."error"`;

/** Matches, counted up to `cap` (+1 to know there are more). */
export async function countRuns(
  db: ListDb,
  f: RunListFilter,
  opts: { nowMs?: number; cap?: number; searchMode?: SearchMode; extraWhere?: WhereClause } = {},
): Promise<{ count: number; exact: boolean }> {
  const cap = opts.cap ?? COUNT_CAP;
  let rows: { n: number }[];
  if (f.hasOpenTasks === true) {
    // drive from the open tasks (an index range) rather than from every run
    const where = joinWhere(buildRunWhere(db.dialect, f, { ...opts, openTasks: "omit" }), opts.extraWhere);
    const sql = joinWhere({ sql: `WHERE t."status" = 'open'`, params: [] }, where);
    const join = where.sql ? `JOIN "Run" r ON r."id" = t."runId"` : ""; // no run-side condition: the tasks alone answer
    rows = await db.all<{ n: number }>(
      `SELECT COUNT(*) AS "n" FROM (SELECT DISTINCT t."runId" FROM "Task" t ${join} ${sql.sql} LIMIT ?) AS c`,
      [...sql.params, cap + 1],
    );
  } else {
    const counted = db.dialect === "sqlite" && f.test === undefined ? await countWithoutTestRuns(db, f, cap, opts) : null;
    if (counted) return counted;
    const sql = joinWhere(buildRunWhere(db.dialect, f, opts), opts.extraWhere);
    // in the list's order: the capped count walks the filter's (…, createdAt) index like the page does.
    // Unordered, PostgreSQL expects the matches spread evenly and reads the table until it has found
    // the cap: for a filter matching one run in fifty, 50,000 rows.
    rows = await db.all<{ n: number }>(
      `SELECT COUNT(*) AS "n" FROM (SELECT 1 AS "x" FROM "Run" r ${sql.sql} ORDER BY r."createdAt" DESC LIMIT ?) AS c`,
      [...sql.params, cap + 1],
    );
  }
  const n = Number(rows[0]?.n ?? 0);
  return n > cap ? { count: cap, exact: false } : { count: n, exact: true };
}

/**
 * SQLite's default count (test runs left out) as matches of every kind minus the test runs among
 * them. `NOT "isTest"` is in no index, so counting with it looks up each counted run's row in the
 * table (a thousand B-tree descents for a broad filter); without it the count reads the filter's
 * index alone. The test runs come from their partial index (the editor's test runs: few), each
 * checked against the filter through its row, and widen the capped count by as many. With more than
 * `cap` test runs this would cost more than it saves: the plain count then answers. One statement.
 * (PostgreSQL keeps the plain count: its heap fetches of runs in createdAt order touch few pages.)
 */
async function countWithoutTestRuns(
  db: ListDb,
  f: RunListFilter,
  cap: number,
  opts: { nowMs?: number; searchMode?: SearchMode; extraWhere?: WhereClause },
): Promise<{ count: number; exact: boolean } | null> {
  const all = joinWhere(buildRunWhere(db.dialect, f, { ...opts, tests: "omit" }), opts.extraWhere);
  // CROSS JOIN: SQLite keeps the order written, so the test runs drive the join
  const tests = joinWhere({ sql: `WHERE r."id" = t."id"`, params: [] }, all);
  const [row] = await db.all<{ scanned: number; tests: number; n: number }>(
    `WITH t AS (SELECT "id" FROM "Run" WHERE "isTest" LIMIT ?),
       "tests" AS (SELECT COUNT(*) AS "n" FROM t CROSS JOIN "Run" r ${tests.sql})
     SELECT (SELECT COUNT(*) FROM t) AS "scanned", (SELECT "n" FROM "tests") AS "tests",
       (SELECT COUNT(*) FROM (SELECT 1 AS "x" FROM "Run" r ${all.sql} ORDER BY r."createdAt" DESC LIMIT ? + (SELECT "n" FROM "tests")) AS c) AS "n"`,
    [cap + 1, ...tests.params, ...all.params, cap + 1],
  );
  if (!row || Number(row.scanned) > cap) return null;
  // every match counted up to cap + 1 + tests: the runs that are not tests are that minus the tests
  const n = Number(row.n) - Number(row.tests);
  return n > cap ? { count: cap, exact: false } : { count: n, exact: true };
}

function joinWhere(a: WhereClause, b?: WhereClause): WhereClause {
  if (!b || !b.sql) return a;
  const bare = b.sql.replace(/^WHERE /, "");
  return { sql: a.sql ? `${a.sql} AND ${bare}` : `WHERE ${bare}`, params: [...a.params, ...b.params] };
}

function inList(n: number): string {
  return Array.from({ length: n }, () => "?").join(",");
}

function errorMessage(v: unknown): string | null {
  if (typeof v !== "string" || !v) return null;
  try {
    const e = JSON.parse(v) as { message?: unknown };
    return typeof e?.message === "string" ? e.message.slice(0, 300) : null;
  } catch {
    return v.slice(0, 300);
  }
}

/** Labels for a page of runs: workflow names, version numbers, initiator names, open tasks. */
async function decorate(q: SqlQuery, rows: Row[], nowMs: number): Promise<RunListRow[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => String(r.id));
  const wfIds = [...new Set(rows.map((r) => String(r.workflowId)))];
  const verIds = [...new Set(rows.map((r) => String(r.versionId)))];
  const userIds = [...new Set(rows.map((r) => r.initiatorId).filter((x): x is string => typeof x === "string"))];
  const [wfs, vers, users, tasks] = await Promise.all([
    q.all<{ id: string; name: string }>(`SELECT "id","name" FROM "Workflow" WHERE "id" IN (${inList(wfIds.length)})`, wfIds),
    q.all<{ id: string; version: number }>(`SELECT "id","version" FROM "WorkflowVersion" WHERE "id" IN (${inList(verIds.length)})`, verIds),
    userIds.length
      ? q.all<{ id: string; name: string }>(`SELECT "id","name" FROM "User" WHERE "id" IN (${inList(userIds.length)})`, userIds)
      : Promise.resolve([]),
    q.all<{ id: string; runId: string; title: string }>(
      `SELECT "id","runId","title" FROM "Task" WHERE "runId" IN (${inList(ids.length)}) AND "status" = 'open' ORDER BY "createdAtMs"`,
      ids,
    ),
  ]);
  const wfName = new Map(wfs.map((w) => [w.id, w.name]));
  const verNo = new Map(vers.map((v) => [v.id, Number(v.version)]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const openTasks = new Map<string, { id: string; title: string }[]>();
  for (const t of tasks) {
    const list = openTasks.get(t.runId) ?? [];
    list.push({ id: t.id, title: t.title });
    openTasks.set(t.runId, list);
  }
  return rows.map((r) => {
    const startedAtMs = num(r.startedAtMs);
    const finishedAtMs = num(r.finishedAtMs);
    const open = openTasks.get(String(r.id)) ?? [];
    return {
      id: String(r.id),
      workflowId: String(r.workflowId),
      workflowName: wfName.get(String(r.workflowId)) ?? null,
      versionId: String(r.versionId),
      version: verNo.get(String(r.versionId)) ?? null,
      status: String(r.status),
      outcome: (r.outcome as string | null) ?? null,
      trigger: String(r.trigger),
      initiatorId: (r.initiatorId as string | null) ?? null,
      initiatorName: typeof r.initiatorId === "string" ? (userName.get(r.initiatorId) ?? null) : null,
      parentRunId: (r.parentRunId as string | null) ?? null,
      sourceRunId: (r.sourceRunId as string | null) ?? null,
      isTest: Boolean(r.isTest),
      waitingOn: (r.waitingOn as string | null) ?? null,
      openTask: open[0] ?? null,
      openTasks: open.length,
      tokens: Number(r.tokens ?? 0),
      costUsd: Number(r.costUsd ?? 0),
      createdAt: readTimestamp(r.createdAt),
      startedAtMs,
      finishedAtMs,
      durationMs: startedAtMs === null ? null : (finishedAtMs ?? nowMs) - startedAtMs,
      error: errorMessage(r.error),
    };
  });
}

/** The list counts this many matches at most ("1,000+"): a count of a broad filter reads that many index entries, no more. */
export const LIST_COUNT_CAP = 1_000;

export async function listRunPage(db: ListDb, f: RunListFilter, s: RunListSort, nowMs = Date.now()): Promise<RunListPage> {
  const searchMode = await resolveSearchMode(db, f);
  const keys = [...sortKeys(db.dialect, s, nowMs)];
  keys.push(idKey(keys[keys.length - 1].desc));
  const token = s.after ?? s.before;
  const cursor = token ? decodeCursor(token) : null;
  const reversed = Boolean(cursor && !s.after && s.before);
  const order = orderSql(keys, reversed);
  const seek = cursor && cursor.keys.length === keys.length - 1 ? keysetWhere(keys, [...cursor.keys, cursor.id], reversed) : undefined;
  const limit = s.pageSize + 1; // one more: is there a page beyond this one
  let rows: Row[];
  let total: { count: number; exact: boolean };
  if (f.q?.trim() && searchMode === "input") {
    // a substring search scans the inputs once: count in the same pass (window) instead of twice
    const where = buildRunWhere(db.dialect, f, { nowMs, searchMode });
    rows = await db.all(
      `SELECT * FROM (SELECT ${LIST_COLS}, COUNT(*) OVER () AS "total" FROM "Run" r ${where.sql}) r ${seek ? seek.sql : ""} ORDER BY ${order.sql} LIMIT ?`,
      [...where.params, ...(seek?.params ?? []), ...order.params, limit],
    );
    total = rows.length
      ? { count: Number(rows[0].total), exact: true }
      : await countRuns(db, f, { nowMs, searchMode, cap: LIST_COUNT_CAP });
  } else {
    total = await countRuns(db, f, { nowMs, searchMode, cap: LIST_COUNT_CAP });
    // PostgreSQL plans "has open tasks" by its statistics; SQLite is told: few matches → start from
    // the tasks, many → walk runs newest first and stop at the page.
    const openTasks = db.dialect === "sqlite" && (!total.exact || total.count >= 1000) ? "exists" : "in";
    const where = joinWhere(buildRunWhere(db.dialect, f, { nowMs, searchMode, openTasks }), seek);
    rows = await db.all(`SELECT ${LIST_COLS} FROM "Run" r ${where.sql} ORDER BY ${order.sql} LIMIT ?`, [
      ...where.params,
      ...order.params,
      limit,
    ]);
  }
  const more = rows.length > s.pageSize;
  rows = rows.slice(0, s.pageSize);
  if (reversed) rows.reverse();
  const cursorOf = (r: Row) =>
    encodeCursor(
      keys.slice(0, -1).map((k) => k.value(r)),
      String(r.id),
    );
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    rows: await decorate(db, rows, nowMs),
    total: total.count,
    totalIsExact: total.exact,
    pageSize: s.pageSize,
    // reading forwards, a previous page exists when we came from one; reading backwards, when there was one more row
    prevCursor: first && (reversed ? more : Boolean(seek)) ? cursorOf(first) : null,
    nextCursor: last && (reversed ? true : more) ? cursorOf(last) : null,
  };
}

/** Ids of the runs the filter matches whose status is one of `statuses`, newest first, up to `limit`. */
export async function matchRunIds(
  db: ListDb,
  f: RunListFilter,
  statuses: readonly string[],
  limit: number,
  nowMs = Date.now(),
): Promise<string[]> {
  const searchMode = await resolveSearchMode(db, f);
  const sql = joinWhere(buildRunWhere(db.dialect, f, { nowMs, searchMode }), statusWhere(statuses));
  const rows = await db.all<{ id: string }>(`SELECT r."id" FROM "Run" r ${sql.sql} ORDER BY r."createdAt" DESC, r."id" DESC LIMIT ?`, [
    ...sql.params,
    limit,
  ]);
  return rows.map((r) => String(r.id));
}

export function statusWhere(statuses: readonly string[]): WhereClause {
  return { sql: `WHERE r."status" IN (${inList(statuses.length)})`, params: [...statuses] };
}
