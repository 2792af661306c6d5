// The durable interpreter's state for ONE run: the loaded step, task and child-run rows, the writes
// collected since the last commit, and the transitions every step goes through (start an attempt,
// succeed, fail or retry, park, skip, cancel). It never touches the database: the run processor
// loads a RunState, calls `advance`, and commits the collected batch in one fenced transaction.
//
// `advance` is one pass (a Cycle). The traversal is split along the run's seams:
//  - frames.ts:       which node runs next in a frame (dead-path elimination, joins), and visiting it;
//  - containers.ts:   Loop and Map bodies run in frames, one driver per container kind;
//  - recovery.ts:     steps found running without a worker (a crash mid-call);
//  - compensation.ts: the run phase that runs undo steps in reverse completion order.
// Semantics: docs/workflow-format.md and ARCHITECTURE.md beside this file.
import { randomUUID } from "node:crypto";
import type { WorkflowNode } from "@/lib/model/graph-schema";
import { computeBackoffMs, shouldRetry } from "@/lib/model/retry-policy";
import { MAX_RETRY_AFTER_MS } from "@/lib/model/retry-after";
import type { ExpressionScope } from "@/lib/model/scope";
import { ExpressionError, isTransientExpressionError } from "@/lib/model/expression-error";
import { MAX_SUBWORKFLOW_DEPTH } from "@/lib/model/node-kinds/subworkflow";
import { APPROVAL_OUTCOMES } from "@/lib/model/run-outcome";
import type { CompiledGraph } from "./compiled-graph";
import { advanceCompensation, enterCompensation, hasUndoableSteps } from "./compensation";
import type { Cycle, EffectLaunch, EffectOutcome, InterpreterPorts } from "./cycle";
import { NonRetriableError, RetryableError, errorInfo, type FailureKind, type StepErrorInfo } from "./errors";
import { executorFor } from "./executors";
import type { ChildRunSpec } from "./executors/types";
import { advanceFrame, topFrame, type Frame } from "./frames";
import { isOpenStep } from "./step-status";
import { PendingWrites, type PendingBatch } from "./pending-batch";
import type { ChildRunSummary, NewTask, RunRecord, RunStatus, StepRecord, TaskRecord, TaskSpec } from "./ports";
import { PARK_KEY, PARK_SEPARATOR, framePrefixOf } from "./step-keys";

/** Why and how a step waits (see `RunState.park`). */
export interface ParkSpec {
  wakeAtMs: number | null;
  reason: string;
  /** The stored step input (kept when undefined). */
  input?: unknown;
  task?: TaskSpec;
  child?: ChildRunSpec;
  /** The key of the task or child run: the step key, or `<stepKey>~<key>` for a ParkRequest. */
  taskKey?: string;
}

function isEffectKind(kind: string): boolean {
  try {
    return executorFor(kind as WorkflowNode["kind"]).effect;
  } catch {
    return false;
  }
}

export class RunState {
  readonly steps = new Map<string, StepRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  readonly children = new Map<string, ChildRunSummary>();
  scope: ExpressionScope;
  status: RunStatus;
  output: unknown = undefined;
  /** Set when the run succeeds (see `outcomeOf`); null otherwise. */
  outcome: string | null = null;
  error: StepErrorInfo | null = null;
  finished = false;
  /** Why the run compensates (the failure, or the Compensate node's reason); null while it does not. */
  compensationCause: (StepErrorInfo & { stepKey?: string }) | null = null;
  /** Frames built during the current pass, by prefix (so terminal steps update their scope). */
  frames = new Map<string, Frame>();
  /** Finished frames' results (frames never reopen while this state lives). */
  readonly doneFrames = new Map<string, unknown>();
  readonly newId: () => string;
  readonly random: () => number;
  readonly resolveVersion: InterpreterPorts["resolveVersion"];
  readonly publicBaseUrl: string;
  private pending = new PendingWrites();
  private endAt: { at: number; pos: number; nodeId: string } | null = null;

  constructor(
    public run: RunRecord,
    readonly g: CompiledGraph,
    steps: StepRecord[],
    tasks: TaskRecord[] = [],
    children: ChildRunSummary[] = [],
    ports: InterpreterPorts = {},
  ) {
    this.newId = ports.newId ?? randomUUID;
    this.random = ports.random ?? Math.random;
    this.resolveVersion = ports.resolveVersion;
    this.publicBaseUrl = (ports.publicBaseUrl ?? "").replace(/\/+$/, "");
    this.status = run.status;
    this.scope = {
      input: run.input,
      steps: {},
      run: { id: run.id, startedAt: new Date(run.startedAtMs ?? Date.now()).toISOString() },
    };
    if (run.status === "compensating")
      this.compensationCause = (run.error as StepErrorInfo | null) ?? { message: "compensating", code: "compensating" };
    this.load(steps, tasks, children);
  }

  /** (Re)load persisted steps and tasks, e.g. after a signal. */
  load(steps: StepRecord[], tasks: TaskRecord[], children: ChildRunSummary[] = []): void {
    this.steps.clear();
    this.scope.steps = {};
    this.endAt = null;
    this.doneFrames.clear();
    for (const s of steps) {
      this.steps.set(s.stepKey, s);
      this.noteStep(s);
    }
    this.tasks.clear();
    for (const t of tasks) this.tasks.set(t.stepKey, t);
    this.children.clear();
    for (const c of children) this.children.set(c.parentStepKey, c);
  }

  /** Whether loading this run's tasks is needed before advancing (parked approvals, recovery). */
  static needsTasks(steps: StepRecord[]): boolean {
    // Only an approval parks on a task of its own; an effect may park on a recovery review or on the
    // tasks of a ParkRequest. Other waits (events, callbacks, timers, children) have none to load.
    return steps.some((s) => (s.status === "waiting" || s.status === "running") && (s.kind === "approval" || isEffectKind(s.kind)));
  }

  /** Whether a step may be waiting on a child run (a sub-workflow, or an effect that parked on one). */
  static needsChildren(steps: StepRecord[]): boolean {
    // Running effects too: one re-sent after a crash must see the children it already started.
    return steps.some((s) => (s.status === "waiting" || s.status === "running") && (s.kind === "subworkflow" || isEffectKind(s.kind)));
  }

  /**
   * Settle everything that can be settled now. Returns the effects to launch (already recorded as
   * running in the pending batch: commit before executing them).
   */
  async advance(now: number, inFlight: ReadonlySet<string>): Promise<EffectLaunch[]> {
    const cycle: Cycle = { now, inFlight, launches: [] };
    if (this.finished) return cycle.launches;
    this.frames = new Map();
    if (!this.compensationCause) {
      await advanceFrame(this, topFrame(this), cycle);
      if (this.error && hasUndoableSteps(this)) this.compensationCause = { ...this.error };
      if (this.compensationCause) enterCompensation(this, cycle);
    }
    if (this.compensationCause) await advanceCompensation(this, cycle);
    else this.settleRun(cycle);
    return cycle.launches;
  }

  /** Record an effect's outcome (then call advance for the continuation). */
  effectDone(stepKey: string, result: EffectOutcome, now: number): void {
    const step = this.steps.get(stepKey);
    if (!step || step.status !== "running") return;
    const node = this.g.index.nodes.get(step.nodeId)!;
    if (!result.ok) {
      this.fail(node, step, result.error, now);
      return;
    }
    if (!result.park) {
      this.succeed(node, step, result.output, result.handle ?? "out", now);
      return;
    }
    const taskKey = step.stepKey + PARK_SEPARATOR + result.park.key;
    const { task, child } = result.park;
    if (!PARK_KEY.test(result.park.key) || this.tasks.has(taskKey) || this.children.has(taskKey) || !task === !child) {
      const message = `The step asked to wait on "${result.park.key}" twice, with an invalid key, or without exactly one task or child run`;
      this.fail(node, step, new NonRetriableError(message, "park_key"), now);
      return;
    }
    if (child) {
      const depth = (this.run.depth ?? 0) + 1;
      if (depth > MAX_SUBWORKFLOW_DEPTH) {
        const message = `Sub-workflow depth limit reached: a child run at depth ${depth} exceeds the limit of ${MAX_SUBWORKFLOW_DEPTH}`;
        this.fail(node, step, new NonRetriableError(message, "subworkflow_depth"), now);
        return;
      }
      const spec: ChildRunSpec = { id: this.newId(), workflowId: child.workflowId, versionId: child.versionId, input: child.input ?? {} };
      this.children.set(taskKey, { id: spec.id, parentStepKey: taskKey, status: "queued", output: null, error: null });
      this.park(node, step, { wakeAtMs: null, reason: "child", input: step.input, taskKey, child: spec }, now);
      return;
    }
    this.park(node, step, { wakeAtMs: null, reason: "task", input: step.input, task, taskKey }, now);
  }

  // ---- the pending batch ----

  hasPendingWrites(): boolean {
    return !this.pending.isEmpty();
  }

  takeBatch(): PendingBatch {
    const b = this.pending.toBatch();
    this.pending = new PendingWrites();
    return b;
  }

  /** Write a step row (in memory now, in the database with the batch). */
  put(s: StepRecord): void {
    this.steps.set(s.stepKey, s);
    this.pending.steps.set(s.stepKey, s);
  }

  event(type: string, stepKey: string | null, data: Record<string, unknown> = {}): void {
    this.pending.events.push({ type, stepKey, data });
  }

  /** Close every open task and (when steps may have started any) cancel every child run with the batch. */
  closeEverything(): void {
    this.pending.closeAllOpenTasks = true;
    if (this.g.mayStartChildren) this.pending.cancelChildren.all = true;
  }

  // ---- step transitions ----

  newStep(node: WorkflowNode, key: string, now: number): StepRecord {
    return {
      id: this.newId(),
      runId: this.run.id,
      stepKey: key,
      nodeId: node.id,
      kind: node.kind,
      status: "pending",
      attempt: 0,
      input: null,
      output: null,
      outputHandle: null,
      error: null,
      idempotencyKey: null,
      wakeAtMs: null,
      scheduledAtMs: now,
      startedAtMs: now,
      finishedAtMs: null,
    };
  }

  succeed(node: WorkflowNode, step: StepRecord, output: unknown, handle: string, now: number): void {
    const s: StepRecord = { ...step, status: "succeeded", output, outputHandle: handle, error: null, wakeAtMs: null, finishedAtMs: now };
    this.put(s);
    this.noteTerminal(s);
    this.event("step.succeeded", s.stepKey, { handle, attempt: s.attempt });
    if (node.kind === "compensate" && framePrefixOf(s) !== null && !this.compensationCause) {
      const reason = (output as { reason?: unknown } | null)?.reason;
      this.compensationCause = {
        message: typeof reason === "string" ? reason : "Compensate node reached",
        code: "compensate",
        stepKey: s.stepKey,
      };
    }
  }

  /**
   * A failure after the attempt: retry (per policy), route down `error`, or fail. A top-level step
   * fails the run; a step in a frame fails only its frame (the container decides what that means).
   */
  fail(node: WorkflowNode, step: StepRecord, err: unknown, now: number): void {
    // Not the step's failure (the expression could not be evaluated right now): abandon this cycle,
    // the processor reloads and tries again.
    if (isTransientExpressionError(err)) throw err;
    const info = errorInfo(err);
    const kind: FailureKind = err instanceof RetryableError ? err.kind : "other";
    const retryable = !(err instanceof NonRetriableError) && !(err instanceof ExpressionError) && executorFor(node.kind).effect;
    const policy = this.g.retry(node);
    const attempt = Math.max(1, step.attempt);
    if (retryable && shouldRetry(policy, attempt, kind)) {
      // A Retry-After from the remote is a floor under the policy's backoff (never more than an hour).
      const asked = err instanceof RetryableError ? Math.min(err.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS) : 0;
      const wakeAtMs = now + Math.max(computeBackoffMs(policy, attempt, this.random()), asked);
      this.put({ ...step, status: "waiting", error: info, wakeAtMs });
      this.event("step.retrying", step.stepKey, { attempt, nextAttempt: attempt + 1, reason: info.message, code: info.code, wakeAtMs });
      return;
    }
    const prefix = framePrefixOf(step);
    if (prefix !== null && this.g.hasErrorEdge.has(node.id)) {
      const output = { error: { message: info.message, code: info.code } };
      const s: StepRecord = { ...step, status: "failed", output, outputHandle: "error", error: info, wakeAtMs: null, finishedAtMs: now };
      this.put(s);
      this.noteTerminal(s);
      this.event("step.failed", step.stepKey, { ...info, attempt, routed: true });
      return;
    }
    this.put({ ...step, status: "failed", error: info, wakeAtMs: null, finishedAtMs: now });
    this.event("step.failed", step.stepKey, { ...info, attempt, routed: false });
    if (prefix === "") this.error ??= { ...info, stepKey: step.stepKey };
  }

  skip(node: WorkflowNode, key: string, now: number): void {
    const s: StepRecord = { ...this.newStep(node, key, now), status: "skipped", finishedAtMs: now };
    this.put(s);
    this.noteTerminal(s);
    this.event("step.skipped", s.stepKey, {});
  }

  /** Record a new attempt of an effect as running (with its idempotency key) and launch it after the commit. */
  startAttempt(node: WorkflowNode, step: StepRecord, prepared: unknown, scope: ExpressionScope, cycle: Cycle): void {
    const attempt = step.attempt + 1;
    const s: StepRecord = {
      ...step,
      status: "running",
      attempt,
      input: prepared,
      idempotencyKey: `${this.run.id}:${step.stepKey}:${attempt}`,
      wakeAtMs: null,
      error: null,
      startedAtMs: cycle.now,
    };
    this.put(s);
    this.event("step.started", s.stepKey, { attempt, idempotencyKey: s.idempotencyKey });
    cycle.launches.push({ node, step: s, prepared, scope, ...(attempt === 1 ? { firstExecution: true } : {}) });
  }

  /** The step waits: on a timer, an inbox task, a child run, or (loop/map) its frames. */
  park(node: WorkflowNode, step: StepRecord, p: ParkSpec, now: number): void {
    const taskKey = p.taskKey ?? step.stepKey;
    const parked: StepRecord = { ...step, status: "waiting", wakeAtMs: p.wakeAtMs, input: p.input ?? step.input };
    this.put(parked);
    this.noteStep(parked);
    this.event("step.waiting", step.stepKey, { reason: p.reason, wakeAtMs: p.wakeAtMs, ...(p.child ? { childRunId: p.child.id } : {}) });
    if (p.child) {
      this.pending.newRuns.push({
        id: p.child.id,
        workflowId: p.child.workflowId,
        versionId: p.child.versionId,
        input: p.child.input,
        initiatorId: this.run.initiatorId,
        parentRunId: this.run.id,
        parentStepKey: taskKey,
        depth: (this.run.depth ?? 0) + 1,
      });
    }
    if (p.task) {
      const t: NewTask = {
        ...p.task,
        id: this.newId(),
        runId: this.run.id,
        stepKey: taskKey,
        workflowId: this.run.workflowId,
        versionId: this.run.versionId,
        nodeId: node.id,
        initiatorId: this.run.initiatorId,
        createdAtMs: now,
      };
      this.pending.newTasks.push(t);
      this.tasks.set(taskKey, { ...t, status: "open", version: 0, result: null, decidedAtMs: null });
      this.event("task.created", step.stepKey, { taskId: t.id, type: t.type });
    }
  }

  /** A waiting step's task timed out (closed with the batch, and only if still open). */
  timeOutTask(task: TaskRecord, result: unknown): void {
    this.pending.closeTasks.push({ id: task.id, status: "timed_out", result, mustBeOpen: true });
    this.tasks.set(task.stepKey, { ...task, status: "timed_out", result });
    this.event("task.timed_out", task.stepKey, { taskId: task.id });
  }

  /** Cancel every open step whose key starts with `prefix` (a failed frame, or the whole run). */
  cancelOpen(prefix: string, now: number, reason: string): void {
    for (const s of [...this.steps.values()]) {
      if (!isOpenStep(s) || !s.stepKey.startsWith(prefix)) continue;
      this.put({ ...s, status: "cancelled", wakeAtMs: null, finishedAtMs: now });
      this.event("step.cancelled", s.stepKey, { reason });
      for (const [key, t] of this.tasks) {
        if (t.status !== "open" || (key !== s.stepKey && !key.startsWith(s.stepKey + PARK_SEPARATOR))) continue;
        this.pending.closeTasks.push({ id: t.id, status: "cancelled", mustBeOpen: false });
        this.tasks.set(key, { ...t, status: "cancelled" });
      }
      if (s.kind === "subworkflow" || this.parkedChildren(s.stepKey).length > 0) this.pending.cancelChildren.stepKeys.push(s.stepKey);
    }
  }

  /** What expressions in the step's frame see of it: a terminal step's output, a waiting callback's URL. */
  noteStep(s: StepRecord): void {
    if (s.status === "waiting") this.noteWaitingCallback(s);
    else this.noteTerminal(s);
  }

  /**
   * A Wait for callback step that waits shows its absolute callback URL as `$.steps.<node>.callbackUrl`,
   * so a node in a parallel branch (an HTTP call to the outside system) can hand it out.
   */
  private noteWaitingCallback(s: StepRecord): void {
    if (s.kind !== "wait_callback") return;
    const node = this.g.index.nodes.get(s.nodeId);
    const path = (s.input as { callbackPath?: unknown } | null)?.callbackPath;
    const prefix = framePrefixOf(s);
    if (!node || typeof path !== "string" || prefix === null) return;
    const view = { output: null, status: "waiting" as const, callbackUrl: this.publicBaseUrl + path };
    if (prefix === "") this.scope.steps[node.name] = view;
    else {
      const f = this.frames.get(prefix);
      if (f) f.scope.steps[node.name] = view;
    }
  }

  /** A terminal step's output becomes visible to expressions in its frame; the last top-level End is the run's output. */
  noteTerminal(s: StepRecord): void {
    const node = this.g.index.nodes.get(s.nodeId);
    if (!node) return;
    const terminal = s.status === "succeeded" || s.status === "skipped" || (s.status === "failed" && s.outputHandle === "error");
    const prefix = framePrefixOf(s);
    if (terminal && prefix !== null) {
      const view = { output: s.status === "skipped" ? null : s.output, status: s.status as "succeeded" | "skipped" | "failed" };
      if (prefix === "") this.scope.steps[node.name] = view;
      else {
        const f = this.frames.get(prefix);
        if (f) f.scope.steps[node.name] = view;
      }
    }
    if (node.kind === "end" && s.status === "succeeded" && prefix === "") {
      const at = s.finishedAtMs ?? 0;
      const pos = this.g.position.get(node.id) ?? 0;
      if (!this.endAt || at > this.endAt.at || (at === this.endAt.at && pos > this.endAt.pos)) {
        this.endAt = { at, pos, nodeId: node.id };
        this.output = s.output;
      }
    }
  }

  // ---- the run ----

  /** End the run: nothing more runs, open steps are cancelled, open tasks closed, child runs cancelled. */
  finish(status: RunStatus, error: StepErrorInfo | null, cycle: Cycle): void {
    this.status = status;
    this.finished = true;
    this.error = error;
    cycle.launches.length = 0;
    this.closeEverything();
    this.cancelOpen("", cycle.now, `run ${status}`);
    this.event(`run.${status}`, error?.stepKey ?? null, error ? { ...error } : {});
  }

  private settleRun(cycle: Cycle): void {
    const prev = this.status;
    if (this.error) {
      for (const s of this.steps.values()) {
        if (!isOpenStep(s)) continue;
        this.put({ ...s, status: "cancelled", wakeAtMs: null, finishedAtMs: cycle.now });
        this.event("step.cancelled", s.stepKey, { reason: "run failed" });
      }
      this.closeEverything();
      this.status = "failed";
      this.finished = true;
      cycle.launches.length = 0;
      this.event("run.failed", this.error.stepKey ?? null, { ...this.error });
      return;
    }
    let running = cycle.inFlight.size > 0 || cycle.launches.length > 0;
    let waiting = false;
    for (const s of this.steps.values()) {
      if (s.status === "running" || s.status === "pending") running = true;
      else if (s.status === "waiting") waiting = true;
    }
    if (!running && !waiting) {
      this.status = "succeeded";
      this.finished = true;
      if (this.output === undefined) this.output = null;
      this.outcome = this.outcomeOf();
      if (this.g.mayStartChildren) this.pending.cancelChildren.all = true;
      this.event("run.succeeded", null, {});
      return;
    }
    this.status = running ? "running" : "waiting";
    if (this.status === "waiting" && prev !== "waiting") this.event("run.waiting", null, { waitingOn: this.waitingOn() });
  }

  // ---- queries ----

  /**
   * What a succeeded run came to: the outcome named by the End that gave the run its output; else
   * "rejected" / "timed_out" when a top-level approval left on that output and no edge leaves it (the
   * run ended because of the decision); else null.
   */
  outcomeOf(): string | null {
    const end = this.endAt ? this.g.index.nodes.get(this.endAt.nodeId) : undefined;
    if (end?.kind === "end" && end.config.outcome) return end.config.outcome;
    let found: { outcome: string; at: number } | null = null;
    for (const s of this.steps.values()) {
      if (s.kind !== "approval" || s.status !== "succeeded" || framePrefixOf(s) !== "") continue;
      const handle = s.outputHandle;
      if (handle !== "rejected" && handle !== "timeout") continue;
      if ((this.g.index.outgoing.get(s.nodeId) ?? []).some((e) => e.sourceHandle === handle)) continue;
      const at = s.finishedAtMs ?? 0;
      if (!found || at > found.at) found = { outcome: APPROVAL_OUTCOMES[handle], at };
    }
    return found?.outcome ?? null;
  }

  /** Tasks a step parked on through a ParkRequest (task stepKey `${stepKey}~${key}`), oldest first. */
  parkedTasks(stepKey: string): TaskRecord[] {
    const prefix = stepKey + PARK_SEPARATOR;
    const out: TaskRecord[] = [];
    for (const [key, t] of this.tasks) if (key.startsWith(prefix) && !key.slice(prefix.length).includes(PARK_SEPARATOR)) out.push(t);
    return out.sort((a, b) => a.createdAtMs - b.createdAtMs);
  }

  /** Child runs a step started through a ParkRequest (parentStepKey `${stepKey}~${key}`). */
  parkedChildren(stepKey: string): ChildRunSummary[] {
    const prefix = stepKey + PARK_SEPARATOR;
    const out: ChildRunSummary[] = [];
    for (const [key, c] of this.children) if (key.startsWith(prefix) && !key.slice(prefix.length).includes(PARK_SEPARATOR)) out.push(c);
    return out;
  }

  waitingOn(): string | null {
    if (this.status !== "waiting") return null;
    let child = false;
    for (const s of this.steps.values()) {
      if (s.status !== "waiting") continue;
      if (this.tasks.has(s.stepKey) || this.parkedTasks(s.stepKey).some((t) => t.status === "open")) return "task";
      if (s.kind === "subworkflow" || this.parkedChildren(s.stepKey).length > 0) child = true;
    }
    return child ? "child" : "timer";
  }

  /** When the run next needs a worker (earliest timer / due time), null when only humans can wake it. */
  nextWakeAt(): number | null {
    let min: number | null = null;
    for (const s of this.steps.values()) {
      if (s.status === "waiting" && s.wakeAtMs !== null && (min === null || s.wakeAtMs < min)) min = s.wakeAtMs;
    }
    return min;
  }
}
