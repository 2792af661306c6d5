// The inbox list: open tasks matching the caller's filters, keyset-paginated, with what each row
// shows (workflow name, assignees, quorum progress, the caller's own decision and rights).
//
// Performance (bench/inbox.ts: 10,000 open tasks, p95 ≤ 50 ms): the assignment filter is a
// semi-join on TaskAssignee's (type, value, status, taskId) index, one branch per identity; the page
// is a top-N sort on an expression key with the id as tie-breaker; enrichment is four IN queries on
// the page's ids only.
import type { Param, SqlQuery } from "@/lib/db/sql";
import { decideBlock, type Principal } from "./task-access";
import { decodeTaskCursor, encodeTaskCursor } from "./task-cursor";
import { DUE_SOON_MS, LOW_CONFIDENCE, type AssignedFilter, type TaskListQuery, type TaskSort } from "./task-list-params";
import type { TaskListItem, TaskListResponse, TaskStatus } from "./task-types";
import { assigneeView, loadUserNames } from "./user-names";

/** Tasks without a due time sort after every dated one, oldest first (keys stay exact below 2^53). */
const NO_DUE = 8e15;

const SORT_KEY: Record<TaskSort, { expr: string; dir: "ASC" | "DESC" }> = {
  due: { expr: `COALESCE(t."dueAtMs", ${NO_DUE} + t."createdAtMs")`, dir: "ASC" },
  oldest: { expr: `t."createdAtMs"`, dir: "ASC" },
  newest: { expr: `t."createdAtMs"`, dir: "DESC" },
};

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

export function defaultAssigned(p: Principal): AssignedFilter {
  return p.decider ? "all" : "everyone";
}

/** The WHERE clause for open tasks visible under `assigned`, or null when it selects nothing. */
export function assignmentWhere(assigned: AssignedFilter, p: Principal): { sql: string; params: Param[] } | null {
  if (assigned === "everyone" || (assigned === "all" && p.isAdmin)) return { sql: "", params: [] };
  const branches: string[] = [];
  const params: Param[] = [];
  if (assigned === "all" || assigned === "me") {
    branches.push(`SELECT "taskId" FROM "TaskAssignee" WHERE "type"='user' AND "value"=? AND "status"='open'`);
    params.push(p.userId);
  }
  if ((assigned === "all" || assigned === "roles") && p.roles.length) {
    branches.push(
      `SELECT "taskId" FROM "TaskAssignee" WHERE "type"='role' AND "value" IN (${p.roles.map(() => "?").join(",")}) AND "status"='open'`,
    );
    params.push(...p.roles);
  }
  if (!branches.length) return null;
  return { sql: `t."id" IN (${branches.join(" UNION ")})`, params };
}

function filterWhere(query: TaskListQuery, p: Principal, now: number): { where: string[]; params: Param[] } | null {
  const assigned = query.assigned ?? defaultAssigned(p);
  const a = assignmentWhere(assigned, p);
  if (!a) return null;
  const where = [`t."status"='open'`];
  const params: Param[] = [];
  if (a.sql) {
    where.push(a.sql);
    params.push(...a.params);
  }
  if (query.workflowId) {
    where.push(`t."workflowId"=?`);
    params.push(query.workflowId);
  }
  if (query.due === "overdue") {
    where.push(`t."dueAtMs" IS NOT NULL AND t."dueAtMs" <= ?`);
    params.push(now);
  } else if (query.due === "soon") {
    where.push(`t."dueAtMs" > ? AND t."dueAtMs" <= ?`);
    params.push(now, now + DUE_SOON_MS);
  }
  if (query.lowConfidence) {
    where.push(`t."confidence" IS NOT NULL AND t."confidence" < ?`);
    params.push(LOW_CONFIDENCE);
  }
  return { where, params };
}

function sortValue(sort: TaskSort, r: TaskRow): number {
  if (sort === "due") return r.dueAtMs === null ? NO_DUE + Number(r.createdAtMs) : Number(r.dueAtMs);
  return Number(r.createdAtMs);
}

export async function listTasks(q: SqlQuery, now: number, p: Principal, query: TaskListQuery): Promise<TaskListResponse> {
  const f = filterWhere(query, p, now);
  if (!f) return { tasks: [], nextCursor: null, total: 0, now };
  const key = SORT_KEY[query.sort];
  const pageWhere = [...f.where];
  const pageParams = [...f.params];
  if (query.cursor) {
    const c = decodeTaskCursor(query.sort, query.cursor);
    const op = key.dir === "ASC" ? ">" : "<";
    pageWhere.push(`(${key.expr} ${op} ? OR (${key.expr} = ? AND t."id" ${op} ?))`);
    pageParams.push(c.key, c.key, c.id);
  }
  pageParams.push(query.limit + 1);
  const [rows, count] = await Promise.all([
    q.all<TaskRow>(
      `SELECT t."id", t."runId", t."workflowId", t."versionId", t."nodeId", t."type", t."title",
         substr(t."instructions", 1, 280) AS "summary", t."confidence", t."status", t."quorum", t."initiatorId",
         t."separationOfDuties", t."dueAtMs", t."escalationLevel", t."version", t."createdAtMs"
       FROM "Task" t WHERE ${pageWhere.join(" AND ")}
       ORDER BY ${key.expr} ${key.dir}, t."id" ${key.dir} LIMIT ?`,
      pageParams,
    ),
    q.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Task" t WHERE ${f.where.join(" AND ")}`, f.params),
  ]);
  const page = rows.slice(0, query.limit);
  const last = rows.length > query.limit ? page[page.length - 1] : undefined;
  return {
    tasks: await enrich(q, page, p),
    nextCursor: last ? encodeTaskCursor(query.sort, sortValue(query.sort, last), String(last.id)) : null,
    total: Number(count[0]?.n ?? 0),
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
  const names = await loadUserNames(q, assignees.filter((a) => a.type === "user").map((a) => a.value));
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
    const blockedBy = decideBlock(access, ds.map((d) => String(d.userId)), p);
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
