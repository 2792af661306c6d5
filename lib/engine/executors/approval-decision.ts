// Planning a reviewer's decision on an approval task, next to the approval executor that reads its
// result: rights and separation of duties, optimistic concurrency on the task's version, editable
// fields of the payload, quorum and rejection policy, and the ApprovalOutput the step resumes with.
// Pure: the store's decideTask runs `planDecision` inside its transaction with the current state.
import { randomUUID } from "node:crypto";
import { auditDiff, personalDigest } from "@/lib/governance/subject-hash";
import { hashJson } from "@/lib/security/hash";
import { isActiveRun } from "@/lib/model/vocabulary";
import { ConflictError, ForbiddenError, PayloadTooLargeError, ValidationError, type Problem } from "../errors";
import { validateJsonSchema } from "../json-schema";
import type { DecisionContext, DecisionPlan, DecisionRecord, TaskRecord } from "../ports";
import type { ApprovalOutput } from "./approval";
import { MAX_STEP_OUTPUT_BYTES } from "./expression-limits";

function jsonSize(v: unknown): number {
  return Buffer.byteLength(JSON.stringify(v) ?? "");
}

export interface DecideTaskInput {
  taskId: string;
  userId: string;
  userRoles: readonly string[];
  decision: "approve" | "reject";
  comment?: string;
  /** Edited payload: only fields of the task's editable schema may change. */
  payload?: unknown;
  /** Optimistic concurrency: the Task.version the reviewer saw. */
  expectedVersion?: number;
  /** Where the decision was made when not in the app (recorded in the audit record). */
  channel?: "slack";
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function sameJson(a: unknown, b: unknown): boolean {
  return hashJson(a) === hashJson(b);
}

/** Apply a reviewer's edits; only editable fields may change, each validated against its schema. */
export function applyEdits(
  original: unknown,
  edited: unknown,
  editableSchema: unknown,
): { payload: unknown; diff: { path: string; from: unknown; to: unknown }[] } {
  if (!isObject(edited)) throw new ValidationError("Invalid payload", [{ path: "payload", message: "must be a JSON object" }]);
  const props = isObject(editableSchema) && isObject(editableSchema.properties) ? editableSchema.properties : {};
  if (!isObject(original)) {
    throw new ValidationError("Invalid payload", [{ path: "payload", message: "this task's payload is not editable" }]);
  }
  const problems: Problem[] = [];
  const diff: { path: string; from: unknown; to: unknown }[] = [];
  for (const [key, value] of Object.entries(edited)) {
    if (sameJson(value, original[key])) continue;
    if (!(key in props)) {
      problems.push({ path: `payload.${key}`, message: "is not editable" });
      continue;
    }
    problems.push(...validateJsonSchema(value, props[key], `payload.${key}`));
    diff.push({ path: key, from: original[key] ?? null, to: value });
  }
  if (problems.length) throw new ValidationError("Invalid payload edit", problems);
  return { payload: { ...original, ...edited }, diff };
}

/**
 * The named assignee `userId` stands in for: one whose delegation to them is active at the
 * transaction's time, who has not decided and could decide it themselves (not the run's initiator
 * under separation of duties). Delegations do not chain: only the assignee's own delegation counts.
 */
function delegatorFor(userId: string, ctx: DecisionContext, decided: (u: string) => boolean): string | null {
  const { task } = ctx;
  const named = new Set(task.assignees.filter((a) => a.type === "user").map((a) => a.value));
  const candidates = (ctx.delegations ?? []).filter((d) => d.delegateId === userId && named.has(d.userId)).map((d) => d.userId);
  if (!candidates.length) return null;
  const eligible = candidates.filter((u) => !(task.separationOfDuties && task.initiatorId === u));
  if (!eligible.length) {
    throw new ForbiddenError("Separation of duties: the person you stand in for started this run, so neither of you can decide it");
  }
  const open = eligible.filter((u) => !decided(u));
  if (!open.length) throw new ConflictError("The person you stand in for has already decided this task", "already_decided");
  return open.find((u) => u === task.claimedBy) ?? open[0];
}

export function planDecision(req: DecideTaskInput, ctx: DecisionContext): DecisionPlan {
  const { task, decisions, run, now } = ctx;
  if (req.expectedVersion !== undefined && req.expectedVersion !== task.version) {
    throw new ConflictError(
      `Task changed (version ${task.version}, you saw ${req.expectedVersion}); reload and try again`,
      "task_version_conflict",
    );
  }
  if (task.status !== "open") throw new ConflictError(`Task is already ${task.status}`, "task_closed");
  if (!isActiveRun(run.status)) throw new ConflictError(`Run is ${run.status}`, "run_finished");
  const isAdmin = req.userRoles.includes("admin");
  const assigned = task.assignees.some((a) => (a.type === "user" ? a.value === req.userId : req.userRoles.includes(a.value)));
  if (task.separationOfDuties && task.initiatorId && task.initiatorId === req.userId) {
    throw new ForbiddenError("Separation of duties: the person who started the run cannot decide its approvals");
  }
  const decided = (u: string) => decisions.some((d) => d.userId === u || d.onBehalfOf === u);
  if (decided(req.userId)) throw new ConflictError("You have already decided this task", "already_decided");
  // Out of office: a delegate decides for a named assignee whose delegation is active now.
  const onBehalfOf = assigned || isAdmin ? null : delegatorFor(req.userId, ctx, decided);
  if (!assigned && !isAdmin && onBehalfOf === null) throw new ForbiddenError("You are not an assignee of this task");
  if (task.claimedBy && task.claimedBy !== req.userId && task.claimedBy !== onBehalfOf) {
    throw new ConflictError(
      "Another reviewer has claimed this task; they decide it unless they release it or an admin takes it over",
      "task_claimed",
    );
  }
  if (req.decision === "reject" && !(req.comment ?? "").trim()) {
    throw new ValidationError("A reason is required to reject", [{ path: "comment", message: "required when rejecting" }]);
  }

  let payload: unknown = null;
  let diff: { path: string; from: unknown; to: unknown }[] | null = null;
  if (req.payload !== undefined && req.decision === "approve") {
    if (jsonSize(req.payload) > MAX_STEP_OUTPUT_BYTES) throw new PayloadTooLargeError("Edited payload is too large");
    const edit = applyEdits(task.payload, req.payload, task.editableSchema);
    if (edit.diff.length) {
      payload = edit.payload;
      diff = edit.diff;
    }
  }
  const comment = (req.comment ?? "").slice(0, 10_000);
  const decision: DecisionRecord = {
    id: randomUUID(),
    taskId: task.id,
    userId: req.userId,
    decision: req.decision,
    comment,
    payload,
    diff,
    payloadHash: hashJson(task.payload),
    atMs: now,
    onBehalfOf,
  };
  const all = [...decisions, decision];
  const approvals = all.filter((d) => d.decision === "approve");
  const rejections = all.filter((d) => d.decision === "reject");
  let status: TaskRecord["status"] = "open";
  if (task.rejectionPolicy === "any_rejects" ? rejections.length > 0 : rejections.length >= task.quorum) status = "rejected";
  else if (approvals.length >= task.quorum) status = "approved";
  let result: ApprovalOutput | null = null;
  if (status !== "open") {
    const edited = [...approvals].reverse().find((d) => d.payload !== null && d.payload !== undefined);
    result = {
      decision: status === "approved" ? "approved" : "rejected",
      payload: status === "approved" && edited ? edited.payload : task.payload,
      comment,
      decidedBy: (status === "approved" ? approvals : rejections).map((d) => d.userId),
    };
  }
  return {
    decision,
    task: { status, result, decidedAtMs: status === "open" ? null : now },
    events: [
      {
        type: "task.decided",
        stepKey: task.stepKey,
        data: { taskId: task.id, userId: req.userId, decision: req.decision, taskStatus: status, ...(onBehalfOf ? { onBehalfOf } : {}) },
      },
    ],
    audit: {
      atMs: now,
      actorId: req.userId,
      actorType: "user",
      action: "task.decided",
      targetType: "task",
      targetId: task.id,
      data: {
        runId: task.runId,
        stepKey: task.stepKey,
        decision: req.decision,
        // The comment and the edited values are personal data: the chain keeps keyed digests only
        // (the Decision row keeps the text until an erasure redacts it).
        commentHash: comment ? personalDigest(comment) : null,
        payloadHash: decision.payloadHash,
        versionId: task.versionId,
        taskVersion: task.version,
        diff: auditDiff(diff),
        taskStatus: status,
        ...agentSignals(task.context),
        // Decided by the actor on behalf of this named assignee (out-of-office delegation).
        onBehalfOf,
        ...(req.channel ? { channel: req.channel } : {}),
      },
    },
    resolved: status !== "open",
  };
}

/**
 * The agent confidence and rationale the reviewer saw, repeated in the decision's audit record. The
 * rationale may quote the subject's data, so the chain keeps its keyed digest (the task context,
 * which erasure redacts, keeps the text).
 */
function agentSignals(context: unknown): { confidence?: number; rationaleHash?: string } {
  if (typeof context !== "object" || context === null) return {};
  const c = context as { confidence?: unknown; rationale?: unknown };
  return {
    ...(typeof c.confidence === "number" ? { confidence: c.confidence } : {}),
    ...(typeof c.rationale === "string" ? { rationaleHash: personalDigest(c.rationale) } : {}),
  };
}
