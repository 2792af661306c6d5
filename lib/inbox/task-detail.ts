// GET /api/v1/tasks/:id — the task with everything a reviewer needs to decide: instructions,
// payload and its hash, editable schema, agent rationale and confidence, the run's input, the
// outputs of the steps upstream of the approval, the parent chain of a child run, earlier decisions
// and comments, and what the caller may do.
import { z } from "zod";
import type { SqlQuery } from "@/lib/db/sql";
import { hashJson } from "@/lib/security/hash";
import { parseEscalationChain } from "./escalation-chain";
import { canComment, canReassign, decideBlock, type Principal } from "./task-access";
import { getTaskOr404, parseJsonColumn, type TaskRow } from "./task-row";
import type { CommentView, DecisionView, RunLink, TaskDetail, TaskRunContext, UpstreamStep } from "./task-types";
import { assigneeView, loadUserNames } from "./user-names";

const MAX_PARENTS = 10;

/** Only what the inbox needs from a stored graph: names, kinds and edges (parsed leniently). */
const graphShape = z.object({
  nodes: z.array(z.looseObject({ id: z.string(), name: z.string(), kind: z.string() })).default([]),
  edges: z.array(z.looseObject({ source: z.string(), target: z.string() })).default([]),
});

const diffShape = z.array(z.object({ path: z.string(), from: z.unknown(), to: z.unknown() }));

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Node ids upstream of `nodeId` (every ancestor through the graph's edges). */
export function ancestorsOf(nodeId: string, edges: { source: string; target: string }[]): Set<string> {
  const incoming = new Map<string, string[]>();
  for (const e of edges) {
    let list = incoming.get(e.target);
    if (!list) incoming.set(e.target, (list = []));
    list.push(e.source);
  }
  const seen = new Set<string>();
  const stack = [...(incoming.get(nodeId) ?? [])];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(incoming.get(id) ?? []));
  }
  return seen;
}

async function loadRunContext(q: SqlQuery, task: TaskRow, names: Map<string, string>): Promise<TaskRunContext> {
  const [runRows, versionRows, stepRows] = await Promise.all([
    q.all(
      `SELECT "id","status","workflowId","versionId","input","initiatorId","parentRunId","parentStepKey","createdAt" FROM "Run" WHERE "id"=?`,
      [task.runId],
    ),
    q.all<{ version: number; graph: string }>(`SELECT "version","graph" FROM "WorkflowVersion" WHERE "id"=?`, [task.versionId]),
    q.all<{ stepKey: string; nodeId: string; kind: string; status: string; output: string | null }>(
      `SELECT "stepKey","nodeId","kind","status","output" FROM "Step" WHERE "runId"=? AND "status" IN ('succeeded','failed') ORDER BY "finishedAtMs","stepKey"`,
      [task.runId],
    ),
  ]);
  const run = runRows[0];
  const graph = graphShape.safeParse(parseJsonColumn(versionRows[0]?.graph));
  const nodes = new Map((graph.success ? graph.data.nodes : []).map((n) => [n.id, n]));
  const upstreamIds = ancestorsOf(task.nodeId, graph.success ? graph.data.edges : []);
  // Inside a Loop/Map body, only this pass's (or item's) steps and those of enclosing frames count.
  const framePrefix = task.stepKey.endsWith(task.nodeId) ? task.stepKey.slice(0, -task.nodeId.length) : "";
  const sameFrame = (key: string, nodeId: string) => key.endsWith(nodeId) && framePrefix.startsWith(key.slice(0, -nodeId.length));
  const upstream: UpstreamStep[] = stepRows
    .filter((s) => upstreamIds.has(String(s.nodeId)) && sameFrame(String(s.stepKey), String(s.nodeId)))
    .map((s) => ({
      stepKey: String(s.stepKey),
      nodeId: String(s.nodeId),
      name: nodes.get(String(s.nodeId))?.name ?? String(s.nodeId),
      kind: String(s.kind),
      status: String(s.status),
      output: parseJsonColumn(s.output),
    }));

  const parents: RunLink[] = [];
  let parentId = run?.parentRunId ? String(run.parentRunId) : null;
  let stepKey = run?.parentStepKey ? String(run.parentStepKey) : null;
  while (parentId && parents.length < MAX_PARENTS) {
    const rows = await q.all(`SELECT "id","status","workflowId","parentRunId","parentStepKey" FROM "Run" WHERE "id"=?`, [parentId]);
    if (!rows[0]) break;
    parents.push({ runId: parentId, workflowId: String(rows[0].workflowId), workflowName: "", status: String(rows[0].status), stepKey });
    parentId = rows[0].parentRunId ? String(rows[0].parentRunId) : null;
    stepKey = rows[0].parentStepKey ? String(rows[0].parentStepKey) : null;
  }
  const wfIds = [...new Set([task.workflowId, ...parents.map((p) => p.workflowId)])];
  const wfRows = await q.all<{ id: string; name: string }>(
    `SELECT "id","name" FROM "Workflow" WHERE "id" IN (${wfIds.map(() => "?").join(",")})`,
    wfIds,
  );
  const wfName = new Map(wfRows.map((w) => [String(w.id), String(w.name)]));
  for (const p of parents) p.workflowName = wfName.get(p.workflowId) ?? "Deleted workflow";
  const initiatorId = run?.initiatorId ? String(run.initiatorId) : null;
  const createdAt = run?.createdAt instanceof Date ? run.createdAt.toISOString() : String(run?.createdAt ?? "");
  return {
    id: task.runId,
    status: run ? String(run.status) : "unknown",
    workflowId: task.workflowId,
    workflowName: wfName.get(task.workflowId) ?? "Deleted workflow",
    versionId: task.versionId,
    version: versionRows[0] ? Number(versionRows[0].version) : null,
    input: parseJsonColumn(run?.input),
    initiatorId,
    initiatorName: initiatorId ? (names.get(initiatorId) ?? "Unknown user") : null,
    createdAt,
    parents,
    upstream,
  };
}

export async function getTaskDetail(q: SqlQuery, now: number, taskId: string, p: Principal): Promise<TaskDetail> {
  const task = await getTaskOr404(q, taskId);
  const [decisionRows, commentRows, runInit] = await Promise.all([
    q.all(`SELECT * FROM "Decision" WHERE "taskId"=? ORDER BY "atMs","id"`, [taskId]),
    q.all(`SELECT * FROM "TaskComment" WHERE "taskId"=? ORDER BY "atMs","id"`, [taskId]),
    q.all<{ initiatorId: string | null }>(`SELECT "initiatorId" FROM "Run" WHERE "id"=?`, [task.runId]),
  ]);
  const userIds = [
    ...task.assignees.filter((a) => a.type === "user").map((a) => a.value),
    ...decisionRows.map((d) => String(d.userId)),
    ...commentRows.map((c) => String(c.userId)),
    ...(runInit[0]?.initiatorId ? [String(runInit[0].initiatorId)] : []),
  ];
  const names = await loadUserNames(q, userIds);
  const userName = (id: string | null) => (id === null ? "Switchyard" : (names.get(id) ?? "Unknown user"));
  const decisions: DecisionView[] = decisionRows.map((d) => {
    const diff = diffShape.safeParse(parseJsonColumn(d.diff));
    return {
      id: String(d.id),
      userId: String(d.userId),
      userName: userName(String(d.userId)),
      decision: d.decision === "reject" ? "reject" : "approve",
      comment: String(d.comment ?? ""),
      diff: diff.success ? diff.data : null,
      payloadHash: String(d.payloadHash),
      atMs: Number(d.atMs),
    };
  });
  const comments: CommentView[] = commentRows.map((c) => {
    const uid = c.userId === null || c.userId === "" ? null : String(c.userId);
    const kind = c.kind === "reassign" || c.kind === "escalation" ? c.kind : "comment";
    return { id: String(c.id), userId: uid, userName: userName(uid), kind, body: String(c.body), atMs: Number(c.atMs) };
  });
  const context = isRecord(task.context) ? task.context : {};
  const ctxConfidence = typeof context.confidence === "number" ? context.confidence : null;
  const blockedBy = decideBlock(
    task,
    decisions.map((d) => d.userId),
    p,
  );
  return {
    id: task.id,
    runId: task.runId,
    stepKey: task.stepKey,
    workflowId: task.workflowId,
    versionId: task.versionId,
    nodeId: task.nodeId,
    type: task.type,
    title: task.title,
    instructions: task.instructions,
    payload: task.payload,
    editableSchema: isRecord(task.editableSchema) ? task.editableSchema : {},
    context,
    confidence: task.confidence ?? ctxConfidence,
    rationale: typeof context.rationale === "string" ? context.rationale : null,
    status: task.status,
    result: task.result,
    quorum: task.quorum,
    rejectionPolicy: task.rejectionPolicy,
    separationOfDuties: task.separationOfDuties,
    dueAtMs: task.dueAtMs,
    escalation: parseEscalationChain(task.escalation),
    escalationLevel: task.escalationLevel,
    version: task.version,
    createdAtMs: task.createdAtMs,
    decidedAtMs: task.decidedAtMs,
    payloadHash: hashJson(task.payload),
    assignees: task.assignees.map((a) => assigneeView(a, names)),
    decisions,
    comments,
    run: await loadRunContext(q, task, names),
    permissions: { canDecide: blockedBy === null, blockedBy, canReassign: canReassign(task, p), canComment: canComment(p) },
    now,
  };
}
