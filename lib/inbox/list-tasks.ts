// The inbox list: which open tasks a caller sees under their filters, and what they may do with each
// row. The rows come from the read model in lib/db/inbox-list-read.ts (its header explains the
// index walks that keep a page fast at 10,000 open tasks).
import type { SqlQuery } from "@/lib/db/sql";
import { countTaskList, readTaskListPage, type AssigneeScope, type TaskListFilter, type TaskListRow } from "@/lib/db/inbox-list-read";
import { decideBlock, type Principal } from "./task-access";
import { decodeTaskCursor, encodeTaskCursor, type TaskCursor } from "./task-cursor";
import { DUE_SOON_MS, LOW_CONFIDENCE, type AssignedFilter, type TaskListQuery, type TaskSort } from "./task-list-params";
import type { TaskListItem, TaskListResponse } from "./task-types";
import { assigneeView } from "./user-names";
import { bulkNodesOf } from "./bulk-allowed";

export function defaultAssigned(p: Principal): AssignedFilter {
  return p.decider ? "all" : "everyone";
}

/**
 * The tasks `assigned` selects for `p`: every open task ("everyone", and "all" for an admin), or
 * those assigned to them by name ("me"), to one of their roles ("roles"), or either ("all");
 * null when it selects nothing (a user with no roles asking for "roles").
 */
export function assigneeScope(assigned: AssignedFilter, p: Principal): AssigneeScope | null {
  if (assigned === "everyone" || (assigned === "all" && p.isAdmin)) return "every";
  const userId = assigned === "all" || assigned === "me" ? p.userId : null;
  const roles = assigned === "all" || assigned === "roles" ? p.roles : [];
  if (userId === null && !roles.length) return null;
  return p.onBehalfOf?.length && userId !== null ? { userId, roles, onBehalfOf: p.onBehalfOf } : { userId, roles };
}

/** Open tasks `p` may see under `assigned` (the navigation badge counts these with "all"). */
export async function countAssigned(q: SqlQuery, assigned: AssignedFilter, p: Principal): Promise<number> {
  const scope = assigneeScope(assigned, p);
  return scope ? countTaskList(q, { scope }) : 0;
}

function taskListFilter(query: TaskListQuery, p: Principal, now: number): TaskListFilter | null {
  const scope = assigneeScope(query.assigned ?? defaultAssigned(p), p);
  if (!scope) return null;
  const f: TaskListFilter = { scope };
  if (query.workflowId) f.workflowId = query.workflowId;
  if (query.due === "overdue") f.dueAtMostMs = now;
  else if (query.due === "soon") {
    f.dueAfterMs = now;
    f.dueAtMostMs = now + DUE_SOON_MS;
  }
  if (query.lowConfidence) f.confidenceBelow = LOW_CONFIDENCE;
  return f;
}

function cursorOf(sort: TaskSort, r: TaskListRow): TaskCursor {
  const undated = sort === "due" && r.dueAtMs === null;
  return { undated, key: sort === "due" && !undated ? Number(r.dueAtMs) : r.createdAtMs, id: r.id };
}

export async function listTasks(q: SqlQuery, now: number, p: Principal, query: TaskListQuery): Promise<TaskListResponse> {
  const filter = taskListFilter(query, p, now);
  if (!filter) return { tasks: [], nextCursor: null, total: 0, now };
  const after = query.cursor ? decodeTaskCursor(query.sort, query.cursor) : null;
  const page = await readTaskListPage(q, filter, { sort: query.sort, after, limit: query.limit });
  const last = page.more ? page.rows[page.rows.length - 1] : undefined;
  // Which rows' approval steps allow bulk approval: one graph read per version on the page, cached.
  const bulk = new Map<string, ReadonlySet<string>>();
  if (p.decider) for (const v of new Set(page.rows.map((r) => r.versionId))) bulk.set(v, await bulkNodesOf(q, v));
  return {
    tasks: page.rows.map((r) => listItem(r, page.userNames, p, bulk.get(r.versionId)?.has(r.nodeId) === true)),
    nextCursor: last ? encodeTaskCursor(query.sort, cursorOf(query.sort, last)) : null,
    total: page.total,
    now,
  };
}

/** Who counts as having decided: the deciders and those a delegate decided for. */
export function decidersOf(decisions: readonly { userId: string; onBehalfOf?: string | null }[]): string[] {
  return decisions.flatMap((d) => (d.onBehalfOf ? [d.userId, d.onBehalfOf] : [d.userId]));
}

function listItem(r: TaskListRow, names: Map<string, string>, p: Principal, allowBulk: boolean): TaskListItem {
  const blockedBy = decideBlock(r, decidersOf(r.decisions), p);
  const mine = r.decisions.find((d) => d.userId === p.userId);
  // Out of office: mine because someone named on it delegated their tasks to me.
  const named = r.assignees.some((a) => a.type === "user" && a.value === p.userId);
  const delegatedFrom = named
    ? []
    : r.assignees
        .filter((a) => a.type === "user" && p.onBehalfOf?.includes(a.value))
        .map((a) => ({ id: a.value, label: names.get(a.value) ?? "Unknown user" }));
  return {
    id: r.id,
    runId: r.runId,
    workflowId: r.workflowId,
    workflowName: r.workflowName ?? "Deleted workflow",
    versionId: r.versionId,
    nodeId: r.nodeId,
    type: r.type,
    title: r.title,
    summary: r.summary,
    confidence: r.confidence,
    status: r.status,
    quorum: r.quorum,
    approvals: r.decisions.filter((d) => d.decision === "approve").length,
    rejections: r.decisions.filter((d) => d.decision === "reject").length,
    dueAtMs: r.dueAtMs,
    createdAtMs: r.createdAtMs,
    escalationLevel: r.escalationLevel,
    version: r.version,
    assignees: r.assignees.map((a) => assigneeView(a, names)),
    myDecision: mine ? mine.decision : null,
    canDecide: blockedBy === null,
    blockedBy,
    claimedBy: r.claimedBy ? { id: r.claimedBy, label: names.get(r.claimedBy) ?? "Unknown user", mine: r.claimedBy === p.userId } : null,
    delegatedFrom,
    allowBulk,
  };
}
