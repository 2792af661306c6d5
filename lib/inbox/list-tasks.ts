// The inbox list: open tasks matching the caller's filters, keyset-paginated, with what each row
// shows (workflow name, assignees, quorum progress, the caller's own decision and rights).
//
// Performance (bench/inbox.ts: 10,000 open tasks, p95 ≤ 50 ms). The page walks Task's
// (status, dueAtMs) or (status, createdAtMs) index in sort order and keeps a row when an assignee
// of the caller EXISTS (TaskAssignee's taskId index), so it stops after one page even when the
// caller may see thousands of tasks. Due order is "dated tasks by due time, then undated ones
// oldest first" as two index walks, identical on SQLite and PostgreSQL (their NULL ordering
// differs). The total comes from TaskAssignee's (type, value, status, taskId) index alone when
// no filter needs Task columns. Enrichment is four IN queries on the page's ids.
import type { Param, SqlQuery } from "@/lib/db/sql";
import { decideBlock, type Principal } from "./task-access";
import { decodeTaskCursor, encodeTaskCursor, type TaskCursor } from "./task-cursor";
import { DUE_SOON_MS, LOW_CONFIDENCE, type AssignedFilter, type TaskListQuery, type TaskSort } from "./task-list-params";
import type { TaskListItem, TaskListResponse, TaskStatus } from "./task-types";
import { assigneeView, loadUserNames } from "./user-names";

const COLUMNS = `t."id", t."runId", t."workflowId", t."versionId", t."nodeId", t."type", t."title",
  substr(t."instructions", 1, 280) AS "summary", t."confidence", t."status", t."quorum", t."initiatorId",
  t."separationOfDuties", t."dueAtMs", t."escalationLevel", t."version", t."createdAtMs"`;

interface TaskRow {
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
}

interface Clause {
  sql: string;
  params: Param[];
}

export function defaultAssigned(p: Principal): AssignedFilter {
  return p.decider ? "all" : "everyone";
}

/**
 * The TaskAssignee condition for `assigned` (rows of alias `a`), "" when every open task qualifies,
 * or null when it selects nothing.
 */
export function assigneeCondition(assigned: AssignedFilter, p: Principal): Clause | null {
  if (assigned === "everyone" || (assigned === "all" && p.isAdmin)) return { sql: "", params: [] };
  const branches: string[] = [];
  const params: Param[] = [];
  if (assigned === "all" || assigned === "me") {
    branches.push(`(a."type"='user' AND a."value"=?)`);
    params.push(p.userId);
  }
  if ((assigned === "all" || assigned === "roles") && p.roles.length) {
    branches.push(`(a."type"='role' AND a."value" IN (${p.roles.map(() => "?").join(",")}))`);
    params.push(...p.roles);
  }
  if (!branches.length) return null;
  return { sql: `a."status"='open' AND (${branches.join(" OR ")})`, params };
}

/** Open tasks `p` may see under `assigned`, counted from the assignee index alone. */
export async function countAssigned(q: SqlQuery, assigned: AssignedFilter, p: Principal): Promise<number> {
  const a = assigneeCondition(assigned, p);
  if (!a) return 0;
  const rows = a.sql
    ? // a subquery DISTINCT hashes on PostgreSQL (COUNT(DISTINCT) sorts: 2x slower at 10,000 rows)
      await q.all<{ n: number }>(
        `SELECT COUNT(*) AS "n" FROM (SELECT DISTINCT a."taskId" FROM "TaskAssignee" a WHERE ${a.sql}) x`,
        a.params,
      )
    : await q.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Task" WHERE "status"='open'`);
  return Number(rows[0]?.n ?? 0);
}

function filterWhere(query: TaskListQuery, p: Principal, now: number): { where: string[]; params: Param[]; taskColumns: boolean } | null {
  const a = assigneeCondition(query.assigned ?? defaultAssigned(p), p);
  if (!a) return null;
  const where = [`t."status"='open'`];
  const params: Param[] = [];
  let taskColumns = false;
  if (query.workflowId) {
    where.push(`t."workflowId"=?`);
    params.push(query.workflowId);
    taskColumns = true;
  }
  if (query.due === "overdue") {
    where.push(`t."dueAtMs" <= ?`);
    params.push(now);
    taskColumns = true;
  } else if (query.due === "soon") {
    where.push(`t."dueAtMs" > ? AND t."dueAtMs" <= ?`);
    params.push(now, now + DUE_SOON_MS);
    taskColumns = true;
  }
  if (query.lowConfidence) {
    where.push(`t."confidence" < ?`);
    params.push(LOW_CONFIDENCE);
    taskColumns = true;
  }
  if (a.sql) {
    where.push(`EXISTS (SELECT 1 FROM "TaskAssignee" a WHERE a."taskId"=t."id" AND ${a.sql})`);
    params.push(...a.params);
  }
  return { where, params, taskColumns };
}

function cursorOf(sort: TaskSort, r: TaskRow): TaskCursor {
  const undated = sort === "due" && r.dueAtMs === null;
  return { undated, key: sort === "due" && !undated ? Number(r.dueAtMs) : Number(r.createdAtMs), id: String(r.id) };
}

/** One index walk: rows after the cursor (key, id) in the given order. */
async function walk(
  q: SqlQuery,
  base: { where: string[]; params: Param[] },
  extra: string | null,
  column: `"dueAtMs"` | `"createdAtMs"`,
  dir: "ASC" | "DESC",
  after: TaskCursor | null,
  limit: number,
): Promise<TaskRow[]> {
  const where = extra ? [...base.where, extra] : [...base.where];
  const params = [...base.params];
  if (after) {
    const op = dir === "ASC" ? ">" : "<";
    // written as a range on the column plus a tie-break, so both databases seek the index
    where.push(`t.${column} ${op}= ? AND (t.${column} ${op} ? OR t."id" ${op} ?)`);
    params.push(after.key, after.key, after.id);
  }
  params.push(limit);
  return q.all<TaskRow>(
    `SELECT ${COLUMNS} FROM "Task" t WHERE ${where.join(" AND ")} ORDER BY t.${column} ${dir}, t."id" ${dir} LIMIT ?`,
    params,
  );
}

async function page(q: SqlQuery, f: { where: string[]; params: Param[] }, query: TaskListQuery, limit: number): Promise<TaskRow[]> {
  const cursor = query.cursor ? decodeTaskCursor(query.sort, query.cursor) : null;
  if (query.sort !== "due") {
    return walk(q, f, null, `"createdAtMs"`, query.sort === "oldest" ? "ASC" : "DESC", cursor, limit);
  }
  const inUndated = cursor?.undated === true;
  const dated = inUndated ? [] : await walk(q, f, `t."dueAtMs" IS NOT NULL`, `"dueAtMs"`, "ASC", cursor, limit);
  if (dated.length >= limit || query.due) return dated;
  return [...dated, ...(await walk(q, f, `t."dueAtMs" IS NULL`, `"createdAtMs"`, "ASC", inUndated ? cursor : null, limit - dated.length))];
}

export async function listTasks(q: SqlQuery, now: number, p: Principal, query: TaskListQuery): Promise<TaskListResponse> {
  const f = filterWhere(query, p, now);
  if (!f) return { tasks: [], nextCursor: null, total: 0, now };
  // The total runs alongside the page and its enrichment (separate connections on PostgreSQL).
  const pageAndRows = async () => {
    const rows = await page(q, f, query, query.limit + 1);
    const pageRows = rows.slice(0, query.limit);
    return { last: rows.length > query.limit ? pageRows[pageRows.length - 1] : undefined, tasks: await enrich(q, pageRows, p) };
  };
  const [{ last, tasks }, n] = await Promise.all([
    pageAndRows(),
    f.taskColumns
      ? q
          .all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Task" t WHERE ${f.where.join(" AND ")}`, f.params)
          .then((r) => Number(r[0]?.n ?? 0))
      : countAssigned(q, query.assigned ?? defaultAssigned(p), p),
  ]);
  return {
    tasks,
    nextCursor: last ? encodeTaskCursor(query.sort, cursorOf(query.sort, last)) : null,
    total: n,
    now,
  };
}

function inList(n: number): string {
  return Array.from({ length: n }, () => "?").join(",");
}

async function enrich(q: SqlQuery, page: TaskRow[], p: Principal): Promise<TaskListItem[]> {
  if (!page.length) return [];
  const ids = page.map((r) => String(r.id));
  const wfIds = [...new Set(page.map((r) => String(r.workflowId)))];
  const [assignees, decisions, workflows] = await Promise.all([
    q.all<{ taskId: string; type: "user" | "role"; value: string }>(
      `SELECT "taskId","type","value" FROM "TaskAssignee" WHERE "taskId" IN (${inList(ids.length)})`,
      ids,
    ),
    q.all<{ taskId: string; userId: string; decision: "approve" | "reject" }>(
      `SELECT "taskId","userId","decision" FROM "Decision" WHERE "taskId" IN (${inList(ids.length)})`,
      ids,
    ),
    q.all<{ id: string; name: string }>(`SELECT "id","name" FROM "Workflow" WHERE "id" IN (${inList(wfIds.length)})`, wfIds),
  ]);
  const names = await loadUserNames(
    q,
    assignees.filter((a) => a.type === "user").map((a) => a.value),
  );
  const wfName = new Map(workflows.map((w) => [String(w.id), String(w.name)]));
  const byTask = <T extends { taskId: string }>(list: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of list) {
      const k = String(x.taskId);
      let arr = m.get(k);
      if (!arr) m.set(k, (arr = []));
      arr.push(x);
    }
    return m;
  };
  const aBy = byTask(assignees);
  const dBy = byTask(decisions);
  return page.map((r) => {
    const id = String(r.id);
    const as = (aBy.get(id) ?? []).map((a) => ({ type: a.type, value: String(a.value) }));
    const ds = dBy.get(id) ?? [];
    const access = {
      status: String(r.status),
      initiatorId: r.initiatorId === null ? null : String(r.initiatorId),
      separationOfDuties: Boolean(r.separationOfDuties),
      assignees: as,
    };
    const blockedBy = decideBlock(
      access,
      ds.map((d) => String(d.userId)),
      p,
    );
    const mine = ds.find((d) => d.userId === p.userId);
    return {
      id,
      runId: String(r.runId),
      workflowId: String(r.workflowId),
      workflowName: wfName.get(String(r.workflowId)) ?? "Deleted workflow",
      versionId: String(r.versionId),
      nodeId: String(r.nodeId),
      type: String(r.type),
      title: String(r.title),
      summary: String(r.summary ?? ""),
      confidence: r.confidence === null ? null : Number(r.confidence),
      status: String(r.status) as TaskStatus,
      quorum: Number(r.quorum),
      approvals: ds.filter((d) => d.decision === "approve").length,
      rejections: ds.filter((d) => d.decision === "reject").length,
      dueAtMs: r.dueAtMs === null ? null : Number(r.dueAtMs),
      createdAtMs: Number(r.createdAtMs),
      escalationLevel: Number(r.escalationLevel),
      version: Number(r.version),
      assignees: as.map((a) => assigneeView(a, names)),
      myDecision: mine ? mine.decision : null,
      canDecide: blockedBy === null,
      blockedBy,
    };
  });
}
