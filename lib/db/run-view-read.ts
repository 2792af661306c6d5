// Read models of the run view and the step inspector, on the raw SQL port. The view is sized for a
// run of hundreds of steps: step rows without their input/output, the newest events only, the
// pinned graph parsed once per version (versions are immutable). Everything shown passes
// maskSecrets.
import "server-only";
import { HISTORY } from "./history-archive-store";
import { DomainError, notFound } from "@/lib/errors/domain-error";
import type { Row, SqlQuery } from "@/lib/db/sql";
import { jsonColumn, num, readTimestamp } from "@/lib/db/row-codec";
import type { DraftGraph } from "@/lib/model/draft-graph";
import type { RunStatus, StepStatus, TaskStatus } from "@/lib/model/vocabulary";
import { draftGraphSchema } from "@/lib/model/draft-graph-schema";
import { LruCache } from "@/lib/model/lru-cache";
import { rowToEvent } from "./run-event-read";
import { maskSecrets } from "@/lib/monitoring/mask-secrets";
import { attemptsFromEvents } from "@/lib/monitoring/step-attempts";
import type {
  DecisionView,
  ModelCallView,
  RunLink,
  RunView,
  StepDetail,
  StepSummary,
  TaskDetail,
  TaskSummary,
} from "@/lib/monitoring/run-view-types";
import type { RunEventMessage } from "@/lib/monitoring/sse-messages";

export const VIEW_EVENTS = 300;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function errorMessage(v: unknown): string | null {
  const e = jsonColumn(v) as { message?: unknown } | string | null;
  if (e === null) return null;
  if (typeof e === "string") return e.slice(0, 500);
  return typeof e.message === "string" ? e.message.slice(0, 500) : "Error";
}

const graphCache = new LruCache<string, { graph: DraftGraph | null; problem: string | null }>(200);

/** The pinned graph, parsed leniently for display (a kind this build does not know yet is reported, not fatal). */
async function pinnedGraph(q: SqlQuery, versionId: string): Promise<{ graph: DraftGraph | null; problem: string | null }> {
  const hit = graphCache.get(versionId);
  if (hit) return hit;
  const rows = await q.all<{ graph: string }>(`SELECT "graph" FROM "WorkflowVersion" WHERE "id" = ?`, [versionId]);
  let out: { graph: DraftGraph | null; problem: string | null };
  if (!rows[0]) out = { graph: null, problem: "The workflow version of this run no longer exists." };
  else {
    const parsed = draftGraphSchema.safeParse(jsonColumn(rows[0].graph));
    out = parsed.success
      ? { graph: parsed.data, problem: null }
      : { graph: null, problem: "The pinned graph could not be read by this version of Switchyard." };
  }
  graphCache.set(versionId, out);
  return out;
}

function toStepSummary(r: Row): StepSummary {
  return {
    stepKey: String(r.stepKey),
    nodeId: String(r.nodeId),
    kind: String(r.kind),
    status: String(r.status) as StepStatus,
    attempt: Number(r.attempt),
    outputHandle: str(r.outputHandle),
    errorMessage: errorMessage(r.error),
    wakeAtMs: num(r.wakeAtMs),
    scheduledAtMs: Number(r.scheduledAtMs),
    startedAtMs: num(r.startedAtMs),
    finishedAtMs: num(r.finishedAtMs),
  };
}

function toTaskSummary(r: Row): TaskSummary {
  return {
    id: String(r.id),
    stepKey: String(r.stepKey),
    type: String(r.type),
    title: String(r.title),
    status: String(r.status) as TaskStatus,
    createdAtMs: Number(r.createdAtMs),
    decidedAtMs: num(r.decidedAtMs),
    dueAtMs: num(r.dueAtMs),
  };
}

async function links(q: SqlQuery, where: string, params: (string | number)[]): Promise<RunLink[]> {
  const rows = await q.all(
    `SELECT r."id", r."status", r."parentStepKey", r."createdAt", w."name" AS "workflowName"
     FROM "Run" r LEFT JOIN "Workflow" w ON w."id" = r."workflowId" WHERE ${where} ORDER BY r."createdAt" LIMIT 200`,
    params,
  );
  return rows.map((r) => ({
    id: String(r.id),
    status: String(r.status) as RunStatus,
    workflowName: str(r.workflowName),
    parentStepKey: str(r.parentStepKey),
    createdAt: readTimestamp(r.createdAt),
  }));
}

async function userNames(q: SqlQuery, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const rows = await q.all<{ id: string; name: string }>(
    `SELECT "id","name" FROM "User" WHERE "id" IN (${wanted.map(() => "?").join(",")})`,
    wanted,
  );
  return new Map(rows.map((u) => [u.id, u.name]));
}

export async function loadRunView(q: SqlQuery, runId: string, nowMs = Date.now()): Promise<RunView> {
  const [runRow] = await q.all(`SELECT * FROM "Run" WHERE "id" = ?`, [runId]);
  if (!runRow) throw notFound("Run");
  const versionId = String(runRow.versionId);
  const [graph, steps, tasks, events, meta, children, parent, source, names] = await Promise.all([
    pinnedGraph(q, versionId),
    q.all(
      `SELECT "stepKey","nodeId","kind","status","attempt","outputHandle","error","wakeAtMs","scheduledAtMs","startedAtMs","finishedAtMs"
       FROM ${HISTORY.Step} WHERE "runId" = ? ORDER BY "scheduledAtMs", "stepKey"`,
      [runId],
    ),
    q.all(
      `SELECT "id","stepKey","type","title","status","createdAtMs","decidedAtMs","dueAtMs" FROM "Task" WHERE "runId" = ? ORDER BY "createdAtMs"`,
      [runId],
    ),
    q.all(`SELECT "id","runId","type","stepKey","data","atMs" FROM ${HISTORY.RunEvent} WHERE "runId" = ? ORDER BY "id" DESC LIMIT ?`, [
      runId,
      VIEW_EVENTS + 1,
    ]),
    q.all<{ workflowName: string | null; version: number | null }>(
      `SELECT w."name" AS "workflowName", v."version" AS "version" FROM "WorkflowVersion" v LEFT JOIN "Workflow" w ON w."id" = v."workflowId" WHERE v."id" = ?`,
      [versionId],
    ),
    links(q, `r."parentRunId" = ?`, [runId]),
    runRow.parentRunId ? links(q, `r."id" = ?`, [String(runRow.parentRunId)]) : Promise.resolve([]),
    runRow.sourceRunId ? links(q, `r."id" = ?`, [String(runRow.sourceRunId)]) : Promise.resolve([]),
    userNames(q, [str(runRow.initiatorId), str(runRow.cancelledById)]),
  ]);
  const newest = events.slice(0, VIEW_EVENTS).map(rowToEvent).reverse();
  const cursorRows = events.length
    ? []
    : await q.all<{ m: number | null }>(`SELECT MAX("id") AS "m" FROM ${HISTORY.RunEvent} WHERE "runId" = ?`, [runId]);
  const cursor = events.length ? Number(events[0].id) : Number(cursorRows[0]?.m ?? 0);
  const initiatorId = str(runRow.initiatorId);
  const cancelledById = str(runRow.cancelledById);
  return {
    run: {
      id: String(runRow.id),
      status: String(runRow.status) as RunStatus,
      trigger: String(runRow.trigger),
      workflowId: String(runRow.workflowId),
      workflowName: meta[0]?.workflowName ?? null,
      versionId,
      version: num(meta[0]?.version),
      initiatorId,
      initiatorName: initiatorId ? (names.get(initiatorId) ?? null) : null,
      cancelledById,
      cancelledByName: cancelledById ? (names.get(cancelledById) ?? null) : null,
      input: maskSecrets(jsonColumn(runRow.input)),
      output: maskSecrets(jsonColumn(runRow.output)),
      error: maskSecrets(jsonColumn(runRow.error)) as RunView["run"]["error"],
      outcome: str(runRow.outcome),
      waitingOn: str(runRow.waitingOn),
      tokens: Number(runRow.tokens ?? 0),
      costUsd: Number(runRow.costUsd ?? 0),
      createdAt: readTimestamp(runRow.createdAt),
      startedAtMs: num(runRow.startedAtMs),
      finishedAtMs: num(runRow.finishedAtMs),
      parentRunId: str(runRow.parentRunId),
      parentStepKey: str(runRow.parentStepKey),
      sourceRunId: str(runRow.sourceRunId),
    },
    graph: graph.graph,
    graphProblem: graph.problem,
    steps: steps.map(toStepSummary),
    tasks: tasks.map(toTaskSummary),
    children,
    parent: parent[0] ?? null,
    source: source[0] ?? null,
    events: newest,
    hasOlderEvents: events.length > VIEW_EVENTS,
    cursor,
    nowMs,
  };
}

/** Older events of a run (oldest first), the page ending just before `beforeId`. */
export async function loadOlderEvents(
  q: SqlQuery,
  runId: string,
  beforeId: number,
  limit = VIEW_EVENTS,
): Promise<{ events: RunEventMessage[]; hasOlder: boolean }> {
  const rows = await q.all(
    `SELECT "id","runId","type","stepKey","data","atMs" FROM ${HISTORY.RunEvent} WHERE "runId" = ? AND "id" < ? ORDER BY "id" DESC LIMIT ?`,
    [runId, beforeId, limit + 1],
  );
  return { events: rows.slice(0, limit).map(rowToEvent).reverse(), hasOlder: rows.length > limit };
}

export async function loadStepDetail(q: SqlQuery, runId: string, stepKey: string): Promise<StepDetail> {
  const [runRow] = await q.all<{ id: string; versionId: string }>(`SELECT "id","versionId" FROM "Run" WHERE "id" = ?`, [runId]);
  if (!runRow) throw notFound("Run");
  const [stepRow] = await q.all(`SELECT * FROM ${HISTORY.Step} WHERE "runId" = ? AND "stepKey" = ?`, [runId, stepKey]);
  if (!stepRow) throw new DomainError("not_found", `Step ${stepKey} not found in run ${runId}.`);
  const [graph, eventRows, calls, taskRows, children] = await Promise.all([
    pinnedGraph(q, String(runRow.versionId)),
    q.all(
      `SELECT "id","runId","type","stepKey","data","atMs" FROM ${HISTORY.RunEvent} WHERE "runId" = ? AND "stepKey" = ? ORDER BY "id" LIMIT 2000`,
      [runId, stepKey],
    ),
    q.all(`SELECT * FROM ${HISTORY.ModelCall} WHERE "runId" = ? AND "stepKey" = ? ORDER BY "seq"`, [runId, stepKey]),
    // the step's own task, or the tasks an effect parked on (`${stepKey}~key`, e.g. an agent's tool approvals)
    q.all(`SELECT * FROM "Task" WHERE "runId" = ? AND ("stepKey" = ? OR substr("stepKey", 1, ?) = ?) ORDER BY "createdAtMs" DESC`, [
      runId,
      stepKey,
      stepKey.length + 1,
      `${stepKey}~`,
    ]),
    // a Sub-workflow step's child, or the children an effect parked on (`${stepKey}~wf-<seq>`: an agent's workflow tools)
    links(q, `r."parentRunId" = ? AND (r."parentStepKey" = ? OR substr(r."parentStepKey", 1, ?) = ?)`, [
      runId,
      stepKey,
      stepKey.length + 1,
      `${stepKey}~`,
    ]),
  ]);
  const events = eventRows.map(rowToEvent);
  const summary = toStepSummary(stepRow);
  const node = graph.graph?.nodes.find((n) => n.id === summary.nodeId);
  let task: TaskDetail | null = null;
  // the open one if any (what the step waits for), else the newest
  const shown = taskRows.find((t) => t.status === "open") ?? taskRows[0];
  if (shown) {
    const t = shown;
    const [assignees, decisions] = await Promise.all([
      q.all<{ type: string; value: string }>(`SELECT "type","value" FROM "TaskAssignee" WHERE "taskId" = ?`, [String(t.id)]),
      q.all(`SELECT * FROM "Decision" WHERE "taskId" = ? ORDER BY "atMs"`, [String(t.id)]),
    ]);
    const names = await userNames(
      q,
      decisions.map((d) => str(d.userId)),
    );
    task = {
      ...toTaskSummary(t),
      instructions: String(t.instructions ?? ""),
      payload: maskSecrets(jsonColumn(t.payload)),
      result: maskSecrets(jsonColumn(t.result)),
      quorum: Number(t.quorum ?? 1),
      assignees: assignees.map((a) => ({ type: a.type, value: a.value })),
      decisions: decisions.map((d): DecisionView => ({
        id: String(d.id),
        userId: String(d.userId),
        userName: names.get(String(d.userId)) ?? null,
        decision: String(d.decision),
        comment: String(d.comment ?? ""),
        diff: maskSecrets(jsonColumn(d.diff)),
        payload: maskSecrets(jsonColumn(d.payload)),
        atMs: Number(d.atMs),
      })),
    };
  }
  return {
    runId,
    step: {
      ...summary,
      input: maskSecrets(jsonColumn(stepRow.input)),
      output: maskSecrets(jsonColumn(stepRow.output)),
      error: maskSecrets(jsonColumn(stepRow.error)),
      idempotencyKey: str(stepRow.idempotencyKey),
    },
    node: node ? { id: node.id, name: node.name, kind: node.kind } : null,
    attempts: attemptsFromEvents(events),
    events,
    modelCalls: calls.map((c): ModelCallView => ({
      id: String(c.id),
      seq: Number(c.seq),
      model: String(c.model),
      providerId: str(c.providerId),
      request: maskSecrets(jsonColumn(c.request)),
      response: maskSecrets(jsonColumn(c.response)),
      error: c.error === null || c.error === undefined ? null : maskSecrets(String(c.error)),
      inputTokens: Number(c.inputTokens ?? 0),
      outputTokens: Number(c.outputTokens ?? 0),
      costUsd: Number(c.costUsd ?? 0),
      latencyMs: Number(c.latencyMs ?? 0),
      atMs: Number(c.atMs),
    })),
    task,
    children,
  };
}

/** Whether the run exists (routes answer 404 before reading its pages). */
export async function runExists(q: SqlQuery, runId: string): Promise<boolean> {
  const rows = await q.all(`SELECT "id" FROM "Run" WHERE "id" = ?`, [runId]);
  return rows.length > 0;
}
