// The engine's service API used by route handlers and tests: start, cancel, decide, read. Each
// mutation is one transaction in the store, then a wake-up for local workers (the store also sends
// PostgreSQL NOTIFY inside the transaction for workers in other processes).
import { randomUUID } from "node:crypto";
import { hashJson } from "@/lib/security/hash";
import type { WorkflowNodeOf } from "@/lib/model/graph-schema";
import { getCompiledGraph } from "./compiled-graph";
import { isActiveRun } from "@/lib/model/vocabulary";
import { ConflictError, ForbiddenError, NotFoundError, PayloadTooLargeError, ValidationError, type Problem } from "./errors";
import { validateJsonSchema } from "./json-schema";
import { MAX_STEP_OUTPUT_BYTES } from "./executors/expression-limits";
import type { ApprovalOutput } from "./executors/approval";
import type {
  DecisionContext,
  DecisionPlan,
  DecisionRecord,
  EngineStore,
  Notifier,
  RunListFilter,
  RunRecord,
  RunStatus,
  StepRecord,
  TaskRecord,
} from "./ports";

export interface EngineDeps {
  store: EngineStore;
  notifier?: Notifier;
}

export const MAX_RUN_INPUT_BYTES = MAX_STEP_OUTPUT_BYTES;

export interface StartRunInput {
  versionId: string;
  input: unknown;
  initiatorId: string | null;
  trigger?: "manual" | "api" | "subworkflow" | "rerun";
}

function jsonSize(v: unknown): number {
  return Buffer.byteLength(JSON.stringify(v) ?? "");
}

/** Start a run pinned to `versionId`: validates graph and input, then one transaction (Run, start step, events, audit). */
export async function startRun(deps: EngineDeps, req: StartRunInput): Promise<RunRecord> {
  const { store } = deps;
  const version = await store.getVersion(req.versionId);
  if (!version) throw new NotFoundError(`Workflow version ${req.versionId} not found`);
  const g = getCompiledGraph(version.id, version.graph);
  const start = g.start as WorkflowNodeOf<"start">;
  const trigger = req.trigger ?? "manual";
  const allowed = start.config.trigger ?? "both";
  if ((trigger === "manual" || trigger === "api") && allowed !== "both" && allowed !== trigger) {
    throw new ValidationError(`This workflow can only be started via ${allowed === "api" ? "the API" : "the app"}`, []);
  }
  const input = req.input ?? {};
  if (jsonSize(input) > MAX_RUN_INPUT_BYTES) throw new PayloadTooLargeError(`Run input is larger than ${MAX_RUN_INPUT_BYTES} bytes`);
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new ValidationError("Invalid run input", [{ path: "input", message: "must be a JSON object" }]);
  }
  const problems = validateJsonSchema(input, start.config.inputSchema).map((p) => ({
    ...p,
    path: p.path === "(root)" ? "input" : `input.${p.path}`,
  }));
  if (problems.length) throw new ValidationError("Invalid run input", problems);

  const now = await store.now();
  const id = randomUUID();
  const startStep: StepRecord = {
    id: randomUUID(),
    runId: id,
    stepKey: start.id,
    nodeId: start.id,
    kind: "start",
    status: "succeeded",
    attempt: 1,
    input: null,
    output: input,
    outputHandle: "out",
    error: null,
    idempotencyKey: null,
    wakeAtMs: null,
    scheduledAtMs: now,
    startedAtMs: now,
    finishedAtMs: now,
  };
  await store.createRun({
    id,
    workflowId: version.workflowId,
    versionId: version.id,
    trigger,
    input,
    initiatorId: req.initiatorId,
    steps: [startStep],
    events: [
      { type: "run.started", data: { trigger, versionId: version.id, version: version.version, initiatorId: req.initiatorId } },
      { type: "step.succeeded", stepKey: start.id, data: { handle: "out", attempt: 1 } },
    ],
    audit: {
      atMs: now,
      actorId: req.initiatorId,
      actorType: req.initiatorId ? "user" : "system",
      action: "run.started",
      targetType: "run",
      targetId: id,
      data: { workflowId: version.workflowId, versionId: version.id, version: version.version, trigger, inputHash: hashJson(input) },
    },
  });
  deps.notifier?.notify();
  return {
    id,
    workflowId: version.workflowId,
    versionId: version.id,
    status: "queued",
    trigger,
    input,
    output: null,
    error: null,
    initiatorId: req.initiatorId,
    cancelledById: null,
    waitingOn: null,
    readyAtMs: now,
    leaseOwner: null,
    leaseExpiresMs: null,
    fencingToken: 0,
    createdAt: new Date(now).toISOString(),
    startedAtMs: now,
    finishedAtMs: null,
    updatedAtMs: now,
  };
}

/** Cancel: closes parked steps and open tasks, stops scheduling (the fencing token moves, so a holder cannot commit). */
export async function cancelRun(deps: EngineDeps, req: { runId: string; userId: string | null; reason?: string }): Promise<RunRecord> {
  const reason = req.reason?.trim() || "Cancelled by user";
  const run = await deps.store.cancelRun(req.runId, req.userId, reason, {
    atMs: 0, // replaced by the database time inside the transaction
    actorId: req.userId,
    actorType: req.userId ? "user" : "system",
    action: "run.cancelled",
    targetType: "run",
    targetId: req.runId,
    data: { reason },
  });
  deps.notifier?.notify();
  return run;
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

function planDecision(req: DecideTaskInput, ctx: DecisionContext): DecisionPlan {
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
  if (!assigned && !isAdmin) throw new ForbiddenError("You are not an assignee of this task");
  if (task.separationOfDuties && task.initiatorId && task.initiatorId === req.userId) {
    throw new ForbiddenError("Separation of duties: the person who started the run cannot decide its approvals");
  }
  if (decisions.some((d) => d.userId === req.userId)) throw new ConflictError("You have already decided this task", "already_decided");
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
        data: { taskId: task.id, userId: req.userId, decision: req.decision, taskStatus: status },
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
        comment,
        payloadHash: decision.payloadHash,
        versionId: task.versionId,
        taskVersion: task.version,
        diff,
        taskStatus: status,
      },
    },
    resolved: status !== "open",
  };
}

/**
 * Record a reviewer's decision in ONE transaction (rights, separation of duties, task state and
 * version are checked inside it). Concurrent decisions: exactly one wins each slot; the others get
 * ConflictError. Without expectedVersion a lost optimistic race is retried against the new state.
 */
export async function decideTask(deps: EngineDeps, req: DecideTaskInput): Promise<{ task: TaskRecord; decision: DecisionRecord }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const out = await deps.store.decideTask(req.taskId, (ctx) => planDecision(req, ctx));
      if (out.task.status !== "open") deps.notifier?.notify();
      return out;
    } catch (e) {
      const retry = e instanceof ConflictError && e.code === "task_version_conflict" && req.expectedVersion === undefined && attempt < 3;
      if (!retry) throw e;
    }
  }
}

export interface RunDetail {
  run: RunRecord;
  steps: StepRecord[];
  tasks: TaskRecord[];
}

export async function getRun(deps: EngineDeps, runId: string): Promise<RunDetail> {
  const run = await deps.store.getRun(runId);
  if (!run) throw new NotFoundError(`Run ${runId} not found`);
  const [steps, tasks] = await Promise.all([deps.store.getSteps(runId), deps.store.getTasks(runId)]);
  return { run, steps, tasks };
}

export async function listRuns(
  deps: EngineDeps,
  f: { status?: RunStatus; workflowId?: string; limit?: number; cursor?: string },
): Promise<{ runs: RunRecord[]; nextCursor: string | null }> {
  const filter: RunListFilter = { ...f, limit: Math.min(Math.max(f.limit ?? 50, 1), 200) };
  return deps.store.listRuns(filter);
}
