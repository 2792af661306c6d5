// GET /api/v1/tasks/:id — the task with everything a reviewer needs to decide: instructions,
// payload and its hash, editable schema, agent rationale and confidence, the run's input, the
// outputs of the steps upstream of the approval, the parent chain of a child run, earlier decisions
// and comments, and what the caller may do.
import { z } from "zod";
import type { SqlQuery } from "@/lib/db/sql";
import { readRunInitiator, readTaskComments, readTaskDecisions, readTaskRunRows } from "@/lib/db/task-detail-read";
import type { TaskRow } from "@/lib/db/task-store";
import { loadUserNames } from "@/lib/db/user-directory-read";
import { hashJson } from "@/lib/security/hash";
import { parseEscalationChain } from "./escalation-chain";
import { getTaskOr404 } from "./require-task";
import { canComment, canReassign, claimAction, decideBlock, type Principal } from "./task-access";
import { commentView } from "./task-comments";
import type { CommentView, DecisionView, RunLink, TaskDetail, TaskRunContext, UpstreamStep } from "./task-types";
import { assigneeView } from "./user-names";

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
  const { run, version, steps, parents: parentRows, workflowNames } = await readTaskRunRows(q, task);
  const graph = graphShape.safeParse(version?.graph ?? null);
  const nodes = new Map((graph.success ? graph.data.nodes : []).map((n) => [n.id, n]));
  const upstreamIds = ancestorsOf(task.nodeId, graph.success ? graph.data.edges : []);
  // Inside a Loop/Map body, only this pass's (or item's) steps and those of enclosing frames count.
  const framePrefix = task.stepKey.endsWith(task.nodeId) ? task.stepKey.slice(0, -task.nodeId.length) : "";
  const sameFrame = (key: string, nodeId: string) => key.endsWith(nodeId) && framePrefix.startsWith(key.slice(0, -nodeId.length));
  const upstream: UpstreamStep[] = steps
    .filter((s) => upstreamIds.has(s.nodeId) && sameFrame(s.stepKey, s.nodeId))
    .map((s) => ({
      stepKey: s.stepKey,
      nodeId: s.nodeId,
      name: nodes.get(s.nodeId)?.name ?? s.nodeId,
      kind: s.kind,
      status: s.status,
      output: s.output,
    }));
  const workflowName = (id: string) => workflowNames.get(id) ?? "Deleted workflow";
  const parents: RunLink[] = parentRows.map((p) => ({
    runId: p.runId,
    workflowId: p.workflowId,
    workflowName: workflowName(p.workflowId),
    status: p.status,
    stepKey: p.stepKey,
  }));
  const initiatorId = run?.initiatorId ?? null;
  return {
    id: task.runId,
    status: run ? run.status : "unknown",
    workflowId: task.workflowId,
    workflowName: workflowName(task.workflowId),
    versionId: task.versionId,
    version: version ? version.version : null,
    input: run ? run.input : null,
    initiatorId,
    initiatorName: initiatorId ? (names.get(initiatorId) ?? "Unknown user") : null,
    createdAt: run ? run.createdAt : "",
    parents,
    upstream,
  };
}

export async function getTaskDetail(q: SqlQuery, now: number, taskId: string, p: Principal): Promise<TaskDetail> {
  const task = await getTaskOr404(q, taskId);
  const [decisionRows, commentRows, initiatorId] = await Promise.all([
    readTaskDecisions(q, taskId),
    readTaskComments(q, taskId),
    readRunInitiator(q, task.runId),
  ]);
  const userIds = [
    ...task.assignees.filter((a) => a.type === "user").map((a) => a.value),
    ...decisionRows.flatMap((d) => (d.onBehalfOf ? [d.userId, d.onBehalfOf] : [d.userId])),
    ...commentRows.flatMap((c) => (c.userId === null ? [] : [c.userId])),
    ...(initiatorId ? [initiatorId] : []),
    ...(task.claimedBy ? [task.claimedBy] : []),
  ];
  const names = await loadUserNames(q, userIds);
  const userName = (id: string | null) => (id === null ? "Switchyard" : (names.get(id) ?? "Unknown user"));
  const decisions: DecisionView[] = decisionRows.map((d) => {
    const diff = diffShape.safeParse(d.diff);
    return {
      id: d.id,
      userId: d.userId,
      userName: userName(d.userId),
      decision: d.decision,
      comment: d.comment,
      diff: diff.success ? diff.data : null,
      payloadHash: d.payloadHash,
      atMs: d.atMs,
      onBehalfOf: d.onBehalfOf ? { id: d.onBehalfOf, label: userName(d.onBehalfOf) } : null,
    };
  });
  const comments: CommentView[] = commentRows.map((c) => commentView(c, userName));
  const context = isRecord(task.context) ? task.context : {};
  const ctxConfidence = typeof context.confidence === "number" ? context.confidence : null;
  const decidedBy = decisionRows.flatMap((d) => (d.onBehalfOf ? [d.userId, d.onBehalfOf] : [d.userId]));
  const blockedBy = decideBlock(task, decidedBy, p);
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
    permissions: {
      canDecide: blockedBy === null,
      blockedBy,
      canReassign: canReassign(task, p),
      canComment: canComment(p),
      claim: claimAction(task, decidedBy, p),
    },
    claimedBy: task.claimedBy ? { id: task.claimedBy, label: userName(task.claimedBy), mine: task.claimedBy === p.userId } : null,
    claimedAtMs: task.claimedAtMs,
    now,
  };
}
