// The inbox list's read model: open tasks matching a filter, keyset-paginated, with what each row
// shows (workflow name, assignees and their names, decisions). lib/inbox/list-tasks.ts decides
// which tasks a caller may see (the filter) and what they may do with each row.
//
// Performance (bench/inbox.ts: 10,000 open tasks, p95 ≤ 50 ms). The page walks Task's
// (status, dueAtMs) or (status, createdAtMs) index in sort order and keeps a row when an assignee
// of the caller EXISTS (TaskAssignee's taskId index), so it stops after one page even when the
// caller may see thousands of tasks. Due order is "dated tasks by due time, then undated ones
// oldest first" as two index walks in one statement, identical on SQLite and PostgreSQL (their NULL ordering
// differs). The total comes from TaskAssignee's (type, value, status, taskId) index alone when
// no filter needs Task columns, and rides in the enrichment: one statement of three IN reads on the page's ids and the total, and the
// user names' read when the page names users.
import "server-only";
import type { TaskCursor } from "@/lib/inbox/task-cursor";
import type { TaskSort } from "@/lib/inbox/task-list-params";
import type { TaskStatus } from "@/lib/model/vocabulary";
import { num } from "./row-codec";
import type { Param, SqlDb, SqlQuery } from "./sql";
import { loadUserNames } from "./user-directory-read";

/**
 * Which open tasks qualify by assignment: every one, or those with an open assignee that names
 * `userId` or one of `roles` (neither given: none).
 */
export type AssigneeScope = "every" | { userId: string | null; roles: readonly string[]; onBehalfOf?: readonly string[] };

export interface TaskListFilter {
  scope: AssigneeScope;
  workflowId?: string;
  /** Due strictly after this time (needs dueAtMostMs). */
  dueAfterMs?: number;
  /** Due at or before this time: undated tasks never match. */
  dueAtMostMs?: number;
  /** Agent confidence strictly below this value. */
  confidenceBelow?: number;
}

export interface TaskListRow {
  id: string;
  runId: string;
  workflowId: string;
  /** null when the workflow was deleted. */
  workflowName: string | null;
  versionId: string;
  nodeId: string;
  type: string;
  title: string;
  /** The first 280 characters of the instructions. */
  summary: string;
  confidence: number | null;
  status: TaskStatus;
  quorum: number;
  initiatorId: string | null;
  separationOfDuties: boolean;
  dueAtMs: number | null;
  escalationLevel: number;
  version: number;
  createdAtMs: number;
  claimedBy: string | null;
  assignees: { type: "user" | "role"; value: string }[];
  decisions: { userId: string; decision: "approve" | "reject"; onBehalfOf: string | null }[];
}

export interface TaskListPage {
  rows: TaskListRow[];
  /** More rows follow the last one. */
  more: boolean;
  /** Names of the user assignees on the page. */
  userNames: Map<string, string>;
  /** Open tasks matching the filter, on every page. */
  total: number;
}

const COLUMNS = `t."id", t."runId", t."workflowId", t."versionId", t."nodeId", t."type", t."title",
  substr(t."instructions", 1, 280) AS "summary", t."confidence", t."status", t."quorum", t."initiatorId",
  t."separationOfDuties", t."dueAtMs", t."escalationLevel", t."version", t."createdAtMs", t."claimedBy"`;

interface PageRow {
  id: string;
  runId: string;
  workflowId: string;
  versionId: string;
  nodeId: string;
  type: string;
  title: string;
  summary: string;
  confidence: number | null;
  status: string;
  quorum: number;
  initiatorId: string | null;
  separationOfDuties: boolean | number;
  dueAtMs: number | null;
  escalationLevel: number;
  version: number;
  createdAtMs: number;
  claimedBy: string | null;
}

interface Clause {
  sql: string;
  params: Param[];
}

interface Where {
  where: string[];
  params: Param[];
  /** A condition reads Task columns, so the total cannot come from the assignee index alone. */
  taskColumns: boolean;
  /** The EXISTS condition on TaskAssignee ("" when every open task qualifies). */
  assignee: Clause;
}

const inList = (n: number) => Array.from({ length: n }, () => "?").join(",");

/** The TaskAssignee condition for the scope (rows of alias `a`), "" for every task, or null when it selects nothing. */
function scopeCondition(scope: AssigneeScope): Clause | null {
  if (scope === "every") return { sql: "", params: [] };
  const branches: string[] = [];
  const params: Param[] = [];
  // Named tasks of the users who delegated theirs to the caller (out of office) count as the caller's.
  const users = scope.userId === null ? [] : [scope.userId, ...(scope.onBehalfOf ?? [])];
  if (users.length === 1) {
    branches.push(`(a."type"='user' AND a."value"=?)`);
    params.push(users[0]);
  } else if (users.length > 1) {
    branches.push(`(a."type"='user' AND a."value" IN (${inList(users.length)}))`);
    params.push(...users);
  }
  if (scope.roles.length) {
    branches.push(`(a."type"='role' AND a."value" IN (${inList(scope.roles.length)}))`);
    params.push(...scope.roles);
  }
  if (!branches.length) return null;
  return { sql: `a."status"='open' AND (${branches.join(" OR ")})`, params };
}

function filterWhere(f: TaskListFilter): Where | null {
  const a = scopeCondition(f.scope);
  if (!a) return null;
  const where = [`t."status"='open'`];
  const params: Param[] = [];
  let taskColumns = false;
  if (f.workflowId !== undefined) {
    where.push(`t."workflowId"=?`);
    params.push(f.workflowId);
    taskColumns = true;
  }
  if (f.dueAfterMs !== undefined && f.dueAtMostMs !== undefined) {
    where.push(`t."dueAtMs" > ? AND t."dueAtMs" <= ?`);
    params.push(f.dueAfterMs, f.dueAtMostMs);
    taskColumns = true;
  } else if (f.dueAtMostMs !== undefined) {
    where.push(`t."dueAtMs" <= ?`);
    params.push(f.dueAtMostMs);
    taskColumns = true;
  }
  if (f.confidenceBelow !== undefined) {
    where.push(`t."confidence" < ?`);
    params.push(f.confidenceBelow);
    taskColumns = true;
  }
  if (a.sql) {
    where.push(`EXISTS (SELECT 1 FROM "TaskAssignee" a WHERE a."taskId"=t."id" AND ${a.sql})`);
    params.push(...a.params);
  }
  return { where, params, taskColumns, assignee: a };
}

/** The statement that counts the open tasks matching the filter. */
function countStatement(f: Where): Clause {
  if (f.taskColumns) return { sql: `SELECT COUNT(*) AS "n" FROM "Task" t WHERE ${f.where.join(" AND ")}`, params: f.params };
  if (f.assignee.sql)
    // a subquery DISTINCT hashes on PostgreSQL (COUNT(DISTINCT) sorts: 2x slower at 10,000 rows)
    return {
      sql: `SELECT COUNT(*) AS "n" FROM (SELECT DISTINCT a."taskId" FROM "TaskAssignee" a WHERE ${f.assignee.sql}) x`,
      params: f.assignee.params,
    };
  return { sql: `SELECT COUNT(*) AS "n" FROM "Task" WHERE "status"='open'`, params: [] };
}

/** Open tasks matching the filter (all pages). */
export async function countTaskList(q: SqlQuery, filter: TaskListFilter): Promise<number> {
  const f = filterWhere(filter);
  if (!f) return 0;
  const c = countStatement(f);
  const rows = await q.all<{ n: number }>(c.sql, c.params);
  return Number(rows[0]?.n ?? 0);
}

type SortColumn = `"dueAtMs"` | `"createdAtMs"`;

/** One index walk: rows after the cursor (key, id) in the given order. */
function walkStatement(
  base: Where,
  extra: string | null,
  column: SortColumn,
  dir: "ASC" | "DESC",
  after: TaskCursor | null,
  limit: number,
): Clause {
  const where = extra ? [...base.where, extra] : [...base.where];
  const params = [...base.params];
  if (after) {
    const op = dir === "ASC" ? ">" : "<";
    // written as a range on the column plus a tie-break, so both databases seek the index
    where.push(`t.${column} ${op}= ? AND (t.${column} ${op} ? OR t."id" ${op} ?)`);
    params.push(after.key, after.key, after.id);
  }
  params.push(limit);
  return { sql: `SELECT ${COLUMNS} FROM "Task" t WHERE ${where.join(" AND ")} ORDER BY t.${column} ${dir}, t."id" ${dir} LIMIT ?`, params };
}

/** Runs one walk's statement. */
function walk(q: SqlQuery, w: Clause): Promise<PageRow[]> {
  return q.all<PageRow>(w.sql, w.params);
}

/**
 * Due order from the start of the dated tasks: both walks in ONE statement (each its own index walk
 * with its own LIMIT, told apart by "part"), the dated rows first. Two statements would cost a second
 * round trip on PostgreSQL whenever the dated tasks do not fill the page, which is the common inbox.
 * Each part keeps its walk's order: UNION ALL appends the parts as they come on both databases.
 */
async function dueWalks(q: SqlQuery, f: Where, after: TaskCursor | null, limit: number): Promise<PageRow[]> {
  const dated = walkStatement(f, `t."dueAtMs" IS NOT NULL`, `"dueAtMs"`, "ASC", after, limit);
  const undated = walkStatement(f, `t."dueAtMs" IS NULL`, `"createdAtMs"`, "ASC", null, limit);
  const rows = await q.all<PageRow & { part: number }>(
    `SELECT * FROM (SELECT 0 AS "part", ${dated.sql.slice("SELECT ".length)}) d
     UNION ALL SELECT * FROM (SELECT 1 AS "part", ${undated.sql.slice("SELECT ".length)}) u`,
    [...dated.params, ...undated.params],
  );
  return [...rows.filter((r) => Number(r.part) === 0), ...rows.filter((r) => Number(r.part) === 1)].slice(0, limit);
}

async function pageRows(
  q: SqlQuery,
  f: Where,
  dueFilter: boolean,
  sort: TaskSort,
  after: TaskCursor | null,
  limit: number,
): Promise<PageRow[]> {
  if (sort !== "due") return walk(q, walkStatement(f, null, `"createdAtMs"`, sort === "oldest" ? "ASC" : "DESC", after, limit));
  if (dueFilter) return after?.undated ? [] : walk(q, walkStatement(f, `t."dueAtMs" IS NOT NULL`, `"dueAtMs"`, "ASC", after, limit));
  if (after?.undated) return walk(q, walkStatement(f, `t."dueAtMs" IS NULL`, `"createdAtMs"`, "ASC", after, limit));
  return dueWalks(q, f, after, limit);
}

/**
 * One page of open tasks matching the filter in `sort` order after `after`, with their assignees,
 * decisions, workflow names and the user assignees' names, and the count of all matching tasks.
 */
export async function readTaskListPage(
  q: SqlQuery,
  filter: TaskListFilter,
  page: { sort: TaskSort; after: TaskCursor | null; limit: number },
): Promise<TaskListPage> {
  const f = filterWhere(filter);
  if (!f) return { rows: [], more: false, userNames: new Map(), total: 0 };
  const rows = await pageRows(q, f, filter.dueAtMostMs !== undefined, page.sort, page.after, page.limit + 1);
  const shown = rows.slice(0, page.limit);
  // the total rides in the enrichment's statement; an empty page has none, so it asks on its own
  if (!shown.length) return { rows: [], more: false, userNames: new Map(), total: await countTaskList(q, filter) };
  return { ...(await enrich(q, shown, countStatement(f))), more: rows.length > page.limit };
}

function byTask<T extends { taskId: string }>(list: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of list) {
    const k = String(x.taskId);
    let arr = m.get(k);
    if (!arr) m.set(k, (arr = []));
    arr.push(x);
  }
  return m;
}

type EnrichRow = { k: "a" | "d" | "w" | "n"; x: string; y: string | null; z: string | null; w: string | null };

/**
 * The page's assignees, decisions and workflow names, and the filter's total, in ONE statement (a
 * UNION ALL of the four reads, told apart by "k"): on PostgreSQL each statement is a round trip and a
 * parse, and under a burst of lists those were most of the database's work.
 */
async function enrichmentRows(q: SqlQuery, ids: string[], wfIds: string[], total: Clause): Promise<EnrichRow[]> {
  const taskIds = oneOf(q, ids);
  const workflowIds = oneOf(q, wfIds);
  return q.all<EnrichRow>(
    `SELECT 'a' AS "k", "taskId" AS "x", "type" AS "y", "value" AS "z", NULL AS "w" FROM "TaskAssignee" WHERE "taskId" IN ${taskIds.sql}
     UNION ALL SELECT 'd', "taskId", "userId", "decision", "onBehalfOf" FROM "Decision" WHERE "taskId" IN ${taskIds.sql}
     UNION ALL SELECT 'w', "id", "name", NULL, NULL FROM "Workflow" WHERE "id" IN ${workflowIds.sql}
     UNION ALL SELECT 'n', CAST((${total.sql}) AS TEXT), NULL, NULL, NULL`,
    [...taskIds.params, ...taskIds.params, ...workflowIds.params, ...total.params],
  );
}

/**
 * The right side of `IN` for a page's ids. On PostgreSQL one JSON array parameter: the `pg` driver
 * serialises each parameter on the JavaScript thread, and a page's 101 ids took twice the time of
 * the statement's other work (0.57 against 1.1 ms a statement). SQLite binds in process: a list.
 */
function oneOf(q: SqlQuery, values: string[]): Clause {
  // a transaction's handle names no dialect: the list, which both databases take
  if ((q as Partial<SqlDb>).dialect === "postgresql")
    return { sql: `(SELECT json_array_elements_text(CAST(? AS json)))`, params: [JSON.stringify(values)] };
  return { sql: `(${inList(values.length)})`, params: values };
}

async function enrich(q: SqlQuery, page: PageRow[], totalOf: Clause): Promise<Omit<TaskListPage, "more">> {
  const ids = page.map((r) => String(r.id));
  const wfIds = [...new Set(page.map((r) => String(r.workflowId)))];
  const assignees: { taskId: string; type: "user" | "role"; value: string }[] = [];
  const decisions: { taskId: string; userId: string; decision: "approve" | "reject"; onBehalfOf: string | null }[] = [];
  const workflows: { id: string; name: string }[] = [];
  let total = 0;
  for (const r of await enrichmentRows(q, ids, wfIds, totalOf)) {
    if (r.k === "n") total = Number(r.x);
    else if (r.k === "a") assignees.push({ taskId: r.x, type: r.y as "user" | "role", value: String(r.z) });
    else if (r.k === "d") decisions.push({ taskId: r.x, userId: String(r.y), decision: r.z as "approve" | "reject", onBehalfOf: r.w });
    else workflows.push({ id: r.x, name: String(r.y) });
  }
  // a second statement only when the page names users (assignees or claimers)
  const userNames = await loadUserNames(q, [
    ...assignees.filter((a) => a.type === "user").map((a) => a.value),
    ...page.flatMap((r) => (r.claimedBy ? [String(r.claimedBy)] : [])),
  ]);
  const wfName = new Map(workflows.map((w) => [String(w.id), String(w.name)]));
  const aBy = byTask(assignees);
  const dBy = byTask(decisions);
  const rows = page.map((r): TaskListRow => {
    const id = String(r.id);
    return {
      id,
      runId: String(r.runId),
      workflowId: String(r.workflowId),
      workflowName: wfName.get(String(r.workflowId)) ?? null,
      versionId: String(r.versionId),
      nodeId: String(r.nodeId),
      type: String(r.type),
      title: String(r.title),
      summary: String(r.summary ?? ""),
      confidence: num(r.confidence),
      status: String(r.status) as TaskStatus,
      quorum: Number(r.quorum),
      initiatorId: r.initiatorId === null ? null : String(r.initiatorId),
      separationOfDuties: Boolean(r.separationOfDuties),
      dueAtMs: num(r.dueAtMs),
      escalationLevel: Number(r.escalationLevel),
      version: Number(r.version),
      createdAtMs: Number(r.createdAtMs),
      claimedBy: r.claimedBy === null || r.claimedBy === undefined ? null : String(r.claimedBy),
      assignees: (aBy.get(id) ?? []).map((a) => ({ type: a.type, value: String(a.value) })),
      decisions: (dBy.get(id) ?? []).map((d) => ({
        userId: String(d.userId),
        decision: d.decision,
        onBehalfOf: d.onBehalfOf === null || d.onBehalfOf === undefined ? null : String(d.onBehalfOf),
      })),
    };
  });
  return { rows, userNames, total };
}
