// The durable interpreter: pure in-memory state transitions for ONE run. It never touches the
// database; the worker loads a RunState, calls `advance`, and commits the collected batch (steps,
// events, tasks, run status) in one fenced transaction.
//
// Semantics (docs/workflow-format.md): an edge is taken when its source finished on the edge's
// handle, dead when the source finished on another handle or was skipped. A node is ready when all
// its incoming edges are decided and at least one is taken; all dead ⇒ skipped (dead-path
// elimination). Joins in mode any / first_n fire as soon as enough edges are taken. One pass in
// topological order settles every deterministic node, because a node's sources come before it.
//
// Frames: Loop and Map bodies run in frames, one per iteration (`<loop>#<i>/`) or item
// (`<map>[<i>]/`); a body step's key is the frame prefix + node id, so every pass is its own row and
// frames nest (`m[3]/l#2/http`). A frame is done when all its region's steps are terminal; its
// result is the output of the step whose loop-back edge was taken. A failure inside a frame fails
// the frame (not the run); the container decides (fail the Map/Loop, or collect the error).
//
// Compensation: when the run would fail, or a Compensate node is reached, and some completed steps
// name an undo node, the run becomes `compensating`: open steps are cancelled and each undo step
// (key `<stepKey>~undo`) runs in reverse completion order, one at a time, like any other step
// (retries, crash recovery). The run ends `compensated`, or `compensation_failed` at the first
// undo step that fails for good.
import { randomUUID } from "node:crypto";
import type { WorkflowNode, WorkflowNodeOf } from "@/lib/model/graph-schema";
import { computeBackoffMs, shouldRetry } from "@/lib/model/retry-policy";
import type { ExpressionScope } from "@/lib/model/scope";
import { ExpressionError, isTransientExpressionError } from "@/lib/model/expression-error";
import { evaluateExpression } from "@/lib/model/expressions";
import type { JsonValue } from "@/lib/model/json-value";
import type { CompiledGraph, Region } from "./compiled-graph";
import { NonRetriableError, RetryableError, type FailureKind, type StepErrorInfo } from "./errors";
import { executorFor } from "./executors";
import { ENGINE_EXPRESSION_LIMITS } from "./executors/expression-limits";
import { singleDecisionTask } from "./task-spec";
import { MAX_SUBWORKFLOW_DEPTH } from "@/lib/model/node-kinds/subworkflow";
import type { ChildRunSpec } from "./executors/types";
import type {
  ChildRunSummary,
  EventWrite,
  NewChildRun,
  NewTask,
  ParkRequest,
  RunRecord,
  RunStatus,
  StepRecord,
  TaskRecord,
  TaskSpec,
  VersionRecord,
} from "./ports";

/** Interrupted deliveries of one attempt re-sent with the same idempotency key before it counts as failed. */
export const MAX_DELIVERIES = 3;

export interface EffectLaunch {
  node: WorkflowNode;
  step: StepRecord;
  /** The stored step input (e.g. the rendered HTTP request). */
  prepared: unknown;
  /** The expression scope of the step's frame. */
  scope: ExpressionScope;
}

/** An effect's result as the processor reports it (see ExecutorResult). */
export type EffectOutcome =
  { ok: true; output: unknown; handle?: string; park?: undefined } | { ok: true; park: ParkRequest } | { ok: false; error: unknown };

/** Separates a step key from the key of a task the step parked on (not allowed in node ids). */
export const PARK_SEPARATOR = "~";
const PARK_KEY = /^[A-Za-z0-9_.:-]{1,100}$/;
/** Suffix of an undo step's key: `<stepKey>~undo`. */
export const UNDO_SUFFIX = "~undo";

export interface PendingBatch {
  steps: StepRecord[];
  events: EventWrite[];
  newTasks: NewTask[];
  closeTasks: { id: string; status: "timed_out" | "cancelled"; result?: unknown; mustBeOpen: boolean }[];
  closeAllOpenTasks: boolean;
  newRuns: NewChildRun[];
  cancelChildren: { all: boolean; stepKeys: string[] };
}

/** What the interpreter may ask of the outside world while advancing (no writes). */
export interface InterpreterPorts {
  resolveVersion?: (workflowId: string, version: number | "latest") => Promise<VersionRecord | null>;
}

type EdgeState = "taken" | "dead" | "open";
const OPEN = new Set(["pending", "running", "waiting"]);
const ACTIVE = new Set(["queued", "running", "waiting", "compensating"]);

/** One execution of a region: the top level, a loop iteration or a map item. */
interface Frame {
  prefix: string;
  region: Region;
  scope: ExpressionScope;
  /** The value the container's body edge carries into this frame (item / previous result). */
  entry: unknown;
}

/** What a Loop/Map step's cycle works with. */
interface ContainerCall<K extends "loop" | "map"> {
  frame: Frame;
  node: WorkflowNodeOf<K>;
  step: StepRecord;
  region: Region;
  now: number;
  inFlight: ReadonlySet<string>;
  launches: EffectLaunch[];
}

type FrameResult = { status: "open" } | { status: "done"; output: unknown } | { status: "failed"; error: StepErrorInfo };

function prefixOf(s: { stepKey: string; nodeId: string }): string | null {
  return s.stepKey.endsWith(s.nodeId) ? s.stepKey.slice(0, s.stepKey.length - s.nodeId.length) : null;
}

function isEffectKind(kind: string): boolean {
  try {
    return executorFor(kind as WorkflowNode["kind"]).effect;
  } catch {
    return false;
  }
}

/** JSONata truthiness: empty arrays/strings, 0, false and null are false. */
function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(truthy);
  return Boolean(v);
}

export class RunState {
  readonly steps = new Map<string, StepRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  readonly children = new Map<string, ChildRunSummary>();
  scope: ExpressionScope;
  status: RunStatus;
  output: unknown = undefined;
  error: StepErrorInfo | null = null;
  finished = false;
  private writes = new Map<string, StepRecord>();
  private events: EventWrite[] = [];
  private newTasks: NewTask[] = [];
  private closeTasks: PendingBatch["closeTasks"] = [];
  private closeAllOpenTasks = false;
  private newRuns: NewChildRun[] = [];
  private cancelChildren: PendingBatch["cancelChildren"] = { all: false, stepKeys: [] };
  private endAt: { at: number; pos: number } | null = null;
  /** Frames built during the current advance, by prefix (so terminal steps update their scope). */
  private frames = new Map<string, Frame>();
  /** Finished frames' results (frames never reopen while this state lives). */
  private doneFrames = new Map<string, unknown>();
  /** Why the run compensates (the failure, or the Compensate node's reason). */
  private compensationCause: (StepErrorInfo & { stepKey?: string }) | null = null;

  constructor(
    public run: RunRecord,
    readonly g: CompiledGraph,
    steps: StepRecord[],
    tasks: TaskRecord[] = [],
    children: ChildRunSummary[] = [],
    private readonly ports: InterpreterPorts = {},
  ) {
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
      this.noteTerminal(s);
    }
    this.tasks.clear();
    for (const t of tasks) this.tasks.set(t.stepKey, t);
    this.children.clear();
    for (const c of children) this.children.set(c.parentStepKey, c);
  }

  /** Whether loading this run's tasks is needed before advancing (parked approvals, recovery). */
  static needsTasks(steps: StepRecord[]): boolean {
    return steps.some((s) => s.status === "waiting" || s.status === "running");
  }

  /** Whether a step may be waiting on a child run (a sub-workflow, or an effect that parked on one). */
  static needsChildren(steps: StepRecord[]): boolean {
    // Running effects too: one re-sent after a crash must see the children it already started.
    return steps.some((s) => (s.status === "waiting" || s.status === "running") && (s.kind === "subworkflow" || isEffectKind(s.kind)));
  }

  private noteTerminal(s: StepRecord): void {
    const node = this.g.index.nodes.get(s.nodeId);
    if (!node) return;
    const terminal = s.status === "succeeded" || s.status === "skipped" || (s.status === "failed" && s.outputHandle === "error");
    const prefix = prefixOf(s);
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
        this.endAt = { at, pos };
        this.output = s.output;
      }
    }
  }

  hasPendingWrites(): boolean {
    return (
      this.writes.size > 0 ||
      this.events.length > 0 ||
      this.newTasks.length > 0 ||
      this.closeTasks.length > 0 ||
      this.newRuns.length > 0 ||
      this.cancelChildren.all ||
      this.cancelChildren.stepKeys.length > 0
    );
  }

  takeBatch(): PendingBatch {
    const b: PendingBatch = {
      steps: [...this.writes.values()],
      events: this.events,
      newTasks: this.newTasks,
      closeTasks: this.closeTasks,
      closeAllOpenTasks: this.closeAllOpenTasks,
      newRuns: this.newRuns,
      cancelChildren: this.cancelChildren,
    };
    this.writes = new Map();
    this.events = [];
    this.newTasks = [];
    this.closeTasks = [];
    this.closeAllOpenTasks = false;
    this.newRuns = [];
    this.cancelChildren = { all: false, stepKeys: [] };
    return b;
  }

  private put(s: StepRecord): void {
    this.steps.set(s.stepKey, s);
    this.writes.set(s.stepKey, s);
  }

  event(type: string, stepKey: string | null, data: Record<string, unknown> = {}): void {
    this.events.push({ type, stepKey, data });
  }

  private edgeState(key: string, handle: string): EdgeState {
    const s = this.steps.get(key);
    if (!s) return "open";
    switch (s.status) {
      case "succeeded":
        return s.outputHandle === handle ? "taken" : "dead";
      case "failed":
        return s.outputHandle === "error" && handle === "error" ? "taken" : "dead";
      case "skipped":
      case "cancelled":
        return "dead";
      default:
        return "open";
    }
  }

  private newStep(node: WorkflowNode, key: string, now: number): StepRecord {
    return {
      id: randomUUID(),
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
    if (node.kind === "compensate" && prefixOf(s) !== null && !this.compensationCause) {
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
      const wakeAtMs = now + computeBackoffMs(policy, attempt, Math.random());
      this.put({ ...step, status: "waiting", error: info, wakeAtMs });
      this.event("step.retrying", step.stepKey, { attempt, nextAttempt: attempt + 1, reason: info.message, code: info.code, wakeAtMs });
      return;
    }
    const prefix = prefixOf(step);
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

  private skip(node: WorkflowNode, key: string, now: number): void {
    const s: StepRecord = { ...this.newStep(node, key, now), status: "skipped", finishedAtMs: now };
    this.put(s);
    this.noteTerminal(s);
    this.event("step.skipped", s.stepKey, {});
  }

  private startAttempt(
    node: WorkflowNode,
    step: StepRecord,
    prepared: unknown,
    now: number,
    launches: EffectLaunch[],
    scope: ExpressionScope,
  ): void {
    const attempt = step.attempt + 1;
    const s: StepRecord = {
      ...step,
      status: "running",
      attempt,
      input: prepared,
      idempotencyKey: `${this.run.id}:${step.stepKey}:${attempt}`,
      wakeAtMs: null,
      error: null,
      startedAtMs: now,
    };
    this.put(s);
    this.event("step.started", s.stepKey, { attempt, idempotencyKey: s.idempotencyKey });
    launches.push({ node, step: s, prepared, scope });
  }

  private park(
    node: WorkflowNode,
    step: StepRecord,
    wakeAtMs: number | null,
    reason: string,
    input: unknown,
    task: TaskSpec | undefined,
    now: number,
    taskKey: string = step.stepKey,
    child?: ChildRunSpec,
  ): void {
    this.put({ ...step, status: "waiting", wakeAtMs, input: input ?? step.input });
    this.event("step.waiting", step.stepKey, { reason, wakeAtMs, ...(child ? { childRunId: child.id } : {}) });
    if (child) {
      this.newRuns.push({
        id: child.id,
        workflowId: child.workflowId,
        versionId: child.versionId,
        input: child.input,
        initiatorId: this.run.initiatorId,
        parentRunId: this.run.id,
        parentStepKey: taskKey,
        depth: (this.run.depth ?? 0) + 1,
      });
    }
    if (task) {
      const t: NewTask = {
        ...task,
        id: randomUUID(),
        runId: this.run.id,
        stepKey: taskKey,
        workflowId: this.run.workflowId,
        versionId: this.run.versionId,
        nodeId: node.id,
        initiatorId: this.run.initiatorId,
        createdAtMs: now,
      };
      this.newTasks.push(t);
      this.tasks.set(taskKey, { ...t, status: "open", version: 0, result: null, decidedAtMs: null });
      this.event("task.created", step.stepKey, { taskId: t.id, type: t.type });
    }
  }

  /** Cancel every open step whose key starts with `prefix` (a failed frame, or the whole run). */
  private cancelOpen(prefix: string, now: number, reason: string): void {
    for (const s of [...this.steps.values()]) {
      if (!OPEN.has(s.status) || !s.stepKey.startsWith(prefix)) continue;
      this.put({ ...s, status: "cancelled", wakeAtMs: null, finishedAtMs: now });
      this.event("step.cancelled", s.stepKey, { reason });
      for (const [key, t] of this.tasks) {
        if (t.status !== "open" || (key !== s.stepKey && !key.startsWith(s.stepKey + PARK_SEPARATOR))) continue;
        this.closeTasks.push({ id: t.id, status: "cancelled", mustBeOpen: false });
        this.tasks.set(key, { ...t, status: "cancelled" });
      }
      if (s.kind === "subworkflow" || this.parkedChildren(s.stepKey).length > 0) this.cancelChildren.stepKeys.push(s.stepKey);
    }
  }

  private topFrame(): Frame {
    return { prefix: "", region: this.g.regions.get("")!, scope: this.scope, entry: undefined };
  }

  /** A body frame: the parent's scope plus the frame's own finished steps and loop/map variables. */
  private childFrame(parent: Frame, region: Region, prefix: string, entry: unknown, vars: Partial<ExpressionScope>): Frame {
    const existing = this.frames.get(prefix);
    if (existing) return existing;
    const scope: ExpressionScope = { ...parent.scope, ...vars, steps: { ...parent.scope.steps } };
    const f: Frame = { prefix, region, scope, entry };
    this.frames.set(prefix, f);
    for (const id of region.nodes) {
      const s = this.steps.get(prefix + id);
      if (s && !OPEN.has(s.status)) this.noteTerminal(s);
    }
    return f;
  }

  /**
   * Settle everything that can be settled now. Returns the effects to launch (already recorded as
   * running in the pending batch: commit before executing them).
   */
  async advance(now: number, inFlight: ReadonlySet<string>): Promise<EffectLaunch[]> {
    const launches: EffectLaunch[] = [];
    if (this.finished) return launches;
    this.frames = new Map();
    if (!this.compensationCause) {
      await this.advanceFrame(this.topFrame(), now, inFlight, launches);
      if (this.error && this.hasUndoableSteps()) this.compensationCause = { ...this.error };
      if (this.compensationCause) this.enterCompensation(now, launches);
    }
    if (this.compensationCause) await this.advanceCompensation(now, inFlight, launches);
    else this.settleRun(now, inFlight, launches);
    return launches;
  }

  private async advanceFrame(frame: Frame, now: number, inFlight: ReadonlySet<string>, launches: EffectLaunch[]): Promise<void> {
    const top = frame.prefix === "";
    for (const id of frame.region.nodes) {
      if (top && (this.error || this.compensationCause)) break;
      const node = this.g.index.nodes.get(id)!;
      const key = frame.prefix + id;
      const existing = this.steps.get(key);
      if (existing) {
        if (OPEN.has(existing.status)) await this.revisit(frame, node, existing, now, inFlight, launches);
        continue;
      }
      const ready = this.readiness(frame, node);
      if (ready === "wait") continue;
      if (ready === "skip") {
        this.skip(node, key, now);
        continue;
      }
      await this.begin(frame, node, this.newStep(node, key, now), now, ready, launches, inFlight);
    }
  }

  private readiness(frame: Frame, node: WorkflowNode): "wait" | "skip" | { nodeId: string; name: string; output: unknown }[] {
    const incoming = this.g.index.incoming.get(node.id) ?? [];
    if (node.kind === "start") return [];
    const container = frame.region.container;
    let open = 0;
    const taken: { nodeId: string; name: string; output: unknown; at: number }[] = [];
    for (const e of incoming) {
      if (this.g.isLoopBack(e)) continue;
      if (container && e.source === container.id) {
        if (!taken.some((t) => t.nodeId === e.source)) taken.push({ nodeId: e.source, name: container.name, output: frame.entry, at: 0 });
        continue;
      }
      const st = this.edgeState(frame.prefix + e.source, e.sourceHandle);
      if (st === "open") open++;
      else if (st === "taken" && !taken.some((t) => t.nodeId === e.source)) {
        const src = this.steps.get(frame.prefix + e.source)!;
        taken.push({ nodeId: e.source, name: this.g.index.nodes.get(e.source)!.name, output: src.output, at: src.finishedAtMs ?? 0 });
      }
    }
    if (node.kind === "join" && node.config.mode !== "all") {
      const need = node.config.mode === "any" ? 1 : (node.config.n ?? 1);
      if (taken.length >= need) {
        taken.sort((a, b) => a.at - b.at || this.g.position.get(a.nodeId)! - this.g.position.get(b.nodeId)!);
        return taken.slice(0, need);
      }
      return open > 0 ? "wait" : "skip";
    }
    if (open > 0) return "wait";
    return taken.length > 0 ? taken : "skip";
  }

  private async begin(
    frame: Frame,
    node: WorkflowNode,
    step: StepRecord,
    now: number,
    takenSources: { nodeId: string; name: string; output: unknown }[],
    launches: EffectLaunch[],
    inFlight: ReadonlySet<string>,
  ): Promise<void> {
    const ex = executorFor(node.kind);
    const ctx = { run: this.run, stepKey: step.stepKey, scope: frame.scope, now, takenSources, resolveVersion: this.ports.resolveVersion };
    try {
      if (ex.effect) {
        const prepared = ex.prepare ? await ex.prepare(node as never, ctx) : null;
        this.startAttempt(node, step, prepared, now, launches, frame.scope);
        return;
      }
      const outcome = await ex.start!(node as never, ctx);
      const s = { ...step, attempt: 1 };
      if (outcome.type === "succeeded") this.succeed(node, s, outcome.output, outcome.handle, now);
      else this.park(node, s, outcome.wakeAtMs, outcome.reason, outcome.input, outcome.task, now, s.stepKey, outcome.child);
    } catch (e) {
      this.fail(node, { ...step, attempt: 1 }, e, now);
      return;
    }
    if (node.kind === "loop" || node.kind === "map") {
      const parked = this.steps.get(step.stepKey)!;
      if (parked.status === "waiting") await this.advanceContainer(frame, node, parked, now, inFlight, launches);
    }
  }

  private async revisit(
    frame: Frame,
    node: WorkflowNode,
    step: StepRecord,
    now: number,
    inFlight: ReadonlySet<string>,
    launches: EffectLaunch[],
  ): Promise<void> {
    const ex = executorFor(node.kind);
    if (step.status === "running") {
      if (inFlight.has(step.stepKey)) return;
      this.recoverInterrupted(node, step, now, launches, frame.scope);
      return;
    }
    if (step.status === "pending") {
      await this.begin(frame, node, step, now, [], launches, inFlight);
      return;
    }
    if (node.kind === "loop" || node.kind === "map") {
      await this.advanceContainer(frame, node, step, now, inFlight, launches);
      return;
    }
    // waiting
    const task = this.tasks.get(step.stepKey);
    if (ex.effect) {
      if (task && task.type === "recovery") {
        if (task.status === "approved") this.startAttempt(node, step, step.input, now, launches, frame.scope);
        else if (task.status !== "open") {
          this.fail(
            node,
            step,
            new NonRetriableError(`Interrupted step was not retried: recovery task ${task.status}`, "interrupted"),
            now,
          );
        }
        return;
      }
      if (step.wakeAtMs !== null) {
        if (step.wakeAtMs <= now) this.startAttempt(node, step, step.input, now, launches, frame.scope);
        return;
      }
      const parked = this.parkedTasks(step.stepKey);
      const kids = this.parkedChildren(step.stepKey);
      if (parked.length + kids.length > 0 && parked.every((t) => t.status !== "open") && kids.every((c) => !ACTIVE.has(c.status))) {
        // Every task the effect parked on is decided and every child it started has ended:
        // continue the same attempt (same key).
        const s: StepRecord = { ...step, status: "running", startedAtMs: now };
        this.put(s);
        this.event("step.resumed", s.stepKey, {
          attempt: s.attempt,
          tasks: parked.map((t) => ({ taskId: t.id, status: t.status })),
          children: kids.map((c) => ({ runId: c.id, status: c.status })),
        });
        launches.push({ node, step: s, prepared: s.input, scope: frame.scope });
      }
      return;
    }
    if (!ex.resume) return;
    const r = ex.resume(node as never, { now, step, task, child: this.children.get(step.stepKey) });
    if (r.type === "still_waiting") {
      if (r.wakeAtMs !== undefined && r.wakeAtMs !== step.wakeAtMs) this.put({ ...step, wakeAtMs: r.wakeAtMs });
      return;
    }
    if (r.type === "failed") {
      this.fail(node, step, r.error, now);
      return;
    }
    if (r.closeTask && task) {
      this.closeTasks.push({ id: task.id, status: r.closeTask, result: r.output, mustBeOpen: true });
      this.tasks.set(step.stepKey, { ...task, status: r.closeTask, result: r.output });
      this.event("task.timed_out", step.stepKey, { taskId: task.id });
    }
    this.succeed(node, step, r.output, r.handle, now);
  }

  /** The state of one frame, from its step rows. */
  private frameResult(frame: Frame): FrameResult {
    const memo = this.doneFrames.get(frame.prefix);
    if (memo !== undefined) return { status: "done", output: memo };
    let open = false;
    let failed: StepErrorInfo | null = null;
    let out: unknown = null;
    let outAt = -1;
    for (const id of frame.region.nodes) {
      const s = this.steps.get(frame.prefix + id);
      if (!s || OPEN.has(s.status)) {
        open = true;
        continue;
      }
      if ((s.status === "failed" && s.outputHandle !== "error") || s.status === "cancelled") {
        const e = (s.error as StepErrorInfo | null) ?? { message: `step ${s.status}`, code: s.status };
        failed ??= { message: e.message, code: e.code, stepKey: s.stepKey };
        continue;
      }
      const handles = frame.region.loopBack.get(id);
      if (handles && s.status !== "skipped" && s.outputHandle !== null && handles.has(s.outputHandle) && (s.finishedAtMs ?? 0) >= outAt) {
        out = s.output;
        outAt = s.finishedAtMs ?? 0;
      }
    }
    if (failed) return { status: "failed", error: failed };
    if (open) return { status: "open" };
    this.doneFrames.set(frame.prefix, out);
    return { status: "done", output: out };
  }

  private async runFrame(frame: Frame, now: number, inFlight: ReadonlySet<string>, launches: EffectLaunch[]): Promise<FrameResult> {
    const before = this.frameResult(frame);
    if (before.status !== "open") return before;
    await this.advanceFrame(frame, now, inFlight, launches);
    return this.frameResult(frame);
  }

  private async advanceContainer(
    frame: Frame,
    node: WorkflowNode,
    step: StepRecord,
    now: number,
    inFlight: ReadonlySet<string>,
    launches: EffectLaunch[],
  ): Promise<void> {
    const region = this.g.regions.get(node.id);
    if (!region || region.nodes.length === 0) {
      this.fail(node, step, new NonRetriableError(`"${node.name}" has an empty body`, "empty_body"), now);
      return;
    }
    const call = { frame, step, region, now, inFlight, launches };
    if (node.kind === "map") await this.advanceMap({ ...call, node });
    else if (node.kind === "loop") await this.advanceLoop({ ...call, node });
  }

  private async advanceMap({ frame, node, step, region, now, inFlight, launches }: ContainerCall<"map">): Promise<void> {
    const items = ((step.input as { items?: unknown } | null)?.items ?? []) as unknown[];
    const limit = node.config.concurrency;
    const first = region.nodes[0];
    const results: unknown[] = new Array<unknown>(items.length);
    let active = 0;
    let complete = true;
    for (let i = 0; i < items.length; i++) {
      const prefix = `${step.stepKey}[${i}]/`;
      if (!this.steps.has(prefix + first) && !this.doneFrames.has(prefix) && active >= limit) {
        complete = false;
        break;
      }
      const child = this.childFrame(frame, region, prefix, items[i], { item: items[i] as JsonValue, index: i });
      const r = await this.runFrame(child, now, inFlight, launches);
      if (r.status === "open") {
        active++;
        complete = false;
      } else if (r.status === "done") results[i] = r.output;
      else {
        this.cancelOpen(prefix, now, "map item failed");
        if (node.config.onItemError === "fail") {
          this.cancelOpen(`${step.stepKey}[`, now, "map failed");
          this.fail(
            node,
            this.steps.get(step.stepKey)!,
            new NonRetriableError(`Item ${i} failed: ${r.error.message}`, "map_item_failed"),
            now,
          );
          return;
        }
        results[i] = { error: { message: r.error.message, code: r.error.code, stepKey: r.error.stepKey } };
        this.doneFrames.set(prefix, results[i]);
      }
    }
    if (complete) this.succeed(node, this.steps.get(step.stepKey)!, results, "done", now);
  }

  private async advanceLoop({ frame, node, step, region, now, inFlight, launches }: ContainerCall<"loop">): Promise<void> {
    const first = region.nodes[0];
    let last: unknown = null;
    for (let i = 0; ; i++) {
      const prefix = `${step.stepKey}#${i}/`;
      const loopVars = { iteration: i, last } as JsonValue;
      if (!this.steps.has(prefix + first) && !this.doneFrames.has(prefix)) {
        let go: boolean;
        try {
          go = truthy(await evaluateExpression(node.config.condition, { ...frame.scope, loop: loopVars }, ENGINE_EXPRESSION_LIMITS));
        } catch (e) {
          this.fail(node, step, e, now);
          return;
        }
        if (!go || i >= node.config.maxIterations) {
          const maxReached = go;
          if (maxReached) this.event("loop.max_reached", step.stepKey, { iterations: i });
          this.succeed(node, step, { iterations: i, last, maxReached }, "done", now);
          return;
        }
      }
      const child = this.childFrame(frame, region, prefix, last, { loop: loopVars });
      const r = await this.runFrame(child, now, inFlight, launches);
      if (r.status === "open") return;
      if (r.status === "failed") {
        this.cancelOpen(prefix, now, "loop iteration failed");
        this.fail(
          node,
          this.steps.get(step.stepKey)!,
          new NonRetriableError(`Iteration ${i} failed: ${r.error.message}`, "loop_iteration_failed"),
          now,
        );
        return;
      }
      last = r.output;
    }
  }

  /** A step found running without a worker: the previous holder crashed mid-call. */
  private recoverInterrupted(node: WorkflowNode, step: StepRecord, now: number, launches: EffectLaunch[], scope: ExpressionScope): void {
    if (node.nonIdempotent) {
      if (this.tasks.has(step.stepKey)) {
        this.fail(
          node,
          step,
          new NonRetriableError("Non-idempotent step was interrupted again after a recovery review", "interrupted"),
          now,
        );
        return;
      }
      const info = {
        message: "Interrupted mid-call (worker lost); the node is non-idempotent, so it waits for review",
        code: "interrupted",
      };
      this.put({ ...step, error: info });
      const task = singleDecisionTask({
        type: "recovery",
        title: `Recover step "${node.name}"`,
        instructions:
          `The worker running "${node.name}" stopped during attempt ${step.attempt}. The node is marked non-idempotent, ` +
          `so it was not sent again automatically. Check whether the call took effect on the remote side, then approve ` +
          `to send it again (as a new attempt) or reject to fail the step.`,
        payload: { stepKey: step.stepKey, attempt: step.attempt, idempotencyKey: step.idempotencyKey, request: step.input },
        editableSchema: {},
        context: { reason: "interrupted" },
        role: "admin",
      });
      this.park(node, { ...step, error: info }, null, "recovery", step.input, task, now);
      return;
    }
    const prev = step.error as { deliveries?: unknown } | null;
    const deliveries = (typeof prev?.deliveries === "number" ? prev.deliveries : 1) + 1;
    if (deliveries > MAX_DELIVERIES) {
      this.fail(
        node,
        step,
        new RetryableError(`Interrupted ${MAX_DELIVERIES} times mid-call`, { kind: "timeout", code: "interrupted" }),
        now,
      );
      return;
    }
    const s: StepRecord = {
      ...step,
      error: { message: "Interrupted mid-call; sent again with the same idempotency key", code: "interrupted", deliveries },
      startedAtMs: now,
    };
    this.put(s);
    this.event("step.retrying", s.stepKey, {
      attempt: s.attempt,
      reason: "interrupted (worker lost its lease)",
      code: "interrupted",
      delivery: deliveries,
      idempotencyKey: s.idempotencyKey,
    });
    launches.push({ node, step: s, prepared: s.input, scope });
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
      this.fail(
        node,
        step,
        new NonRetriableError(
          `The step asked to wait on "${result.park.key}" twice, with an invalid key, or without exactly one task or child run`,
          "park_key",
        ),
        now,
      );
      return;
    }
    if (child) {
      const depth = (this.run.depth ?? 0) + 1;
      if (depth > MAX_SUBWORKFLOW_DEPTH) {
        this.fail(
          node,
          step,
          new NonRetriableError(
            `Sub-workflow depth limit reached: a child run at depth ${depth} exceeds the limit of ${MAX_SUBWORKFLOW_DEPTH}`,
            "subworkflow_depth",
          ),
          now,
        );
        return;
      }
      const spec: ChildRunSpec = { id: randomUUID(), workflowId: child.workflowId, versionId: child.versionId, input: child.input ?? {} };
      this.children.set(taskKey, { id: spec.id, parentStepKey: taskKey, status: "queued", output: null, error: null });
      this.park(node, step, null, "child", step.input, undefined, now, taskKey, spec);
      return;
    }
    this.park(node, step, null, "task", step.input, task, now, taskKey);
  }

  // ---- compensation ----

  /** Completed steps with an undo node, newest completion first. */
  private undoable(): StepRecord[] {
    const out: StepRecord[] = [];
    for (const s of this.steps.values()) {
      if (s.status === "succeeded" && this.g.undoOf.has(s.nodeId) && prefixOf(s) !== null) out.push(s);
    }
    return out.sort(
      (a, b) =>
        (b.finishedAtMs ?? 0) - (a.finishedAtMs ?? 0) ||
        (this.g.position.get(b.nodeId) ?? 0) - (this.g.position.get(a.nodeId) ?? 0) ||
        (a.stepKey < b.stepKey ? 1 : -1),
    );
  }

  private hasUndoableSteps(): boolean {
    for (const s of this.steps.values()) if (s.status === "succeeded" && this.g.undoOf.has(s.nodeId)) return true;
    return false;
  }

  private enterCompensation(now: number, launches: EffectLaunch[]): void {
    const cause = this.compensationCause!;
    this.cancelOpen("", now, "run compensating");
    this.closeAllOpenTasks = true;
    this.cancelChildren.all = this.g.mayStartChildren;
    launches.length = 0;
    this.error = null;
    this.status = "compensating";
    this.event("run.compensating", cause.stepKey ?? null, { ...cause, undo: this.undoable().map((s) => s.stepKey) });
  }

  private async advanceCompensation(now: number, inFlight: ReadonlySet<string>, launches: EffectLaunch[]): Promise<void> {
    const cause = this.compensationCause!;
    this.status = "compensating";
    for (const done of this.undoable()) {
      const undoNode = this.g.undoOf.get(done.nodeId)!;
      const original = this.g.index.nodes.get(done.nodeId)!;
      const key = done.stepKey + UNDO_SUFFIX;
      const scope: ExpressionScope = {
        ...this.scope,
        compensation: { step: original.name, stepKey: done.stepKey, input: done.input, output: done.output } as JsonValue,
      };
      const frame: Frame = { prefix: "", region: this.g.regions.get("")!, scope, entry: undefined };
      let u = this.steps.get(key);
      if (!u) await this.begin(frame, undoNode, this.newStep(undoNode, key, now), now, [], launches, inFlight);
      else if (OPEN.has(u.status)) await this.revisit(frame, undoNode, u, now, inFlight, launches);
      u = this.steps.get(key)!;
      if (u.status === "succeeded") continue;
      if (u.status === "failed" || u.status === "cancelled") {
        const info = (u.error as StepErrorInfo | null) ?? { message: `undo step ${u.status}`, code: u.status };
        this.finish(
          "compensation_failed",
          { message: `Undo of "${original.name}" failed: ${info.message}`, code: "compensation_failed", stepKey: key, cause },
          now,
          launches,
        );
        return;
      }
      // An undo step is still running or waiting: stay compensating (the cause is the run's error).
      this.error = cause;
      return;
    }
    this.finish("compensated", { ...cause }, now, launches);
  }

  private finish(status: RunStatus, error: StepErrorInfo | null, now: number, launches: EffectLaunch[]): void {
    this.status = status;
    this.finished = true;
    this.error = error;
    launches.length = 0;
    this.closeAllOpenTasks = true;
    if (this.g.mayStartChildren) this.cancelChildren.all = true;
    this.cancelOpen("", now, `run ${status}`);
    this.event(`run.${status}`, error?.stepKey ?? null, error ? { ...error } : {});
  }

  private settleRun(now: number, inFlight: ReadonlySet<string>, launches: EffectLaunch[]): void {
    const prev = this.status;
    if (this.error) {
      for (const s of this.steps.values()) {
        if (!OPEN.has(s.status)) continue;
        this.put({ ...s, status: "cancelled", wakeAtMs: null, finishedAtMs: now });
        this.event("step.cancelled", s.stepKey, { reason: "run failed" });
      }
      this.closeAllOpenTasks = true;
      if (this.g.mayStartChildren) this.cancelChildren.all = true;
      this.status = "failed";
      this.finished = true;
      launches.length = 0;
      this.event("run.failed", this.error.stepKey ?? null, { ...this.error });
      return;
    }
    let running = inFlight.size > 0 || launches.length > 0;
    let waiting = false;
    for (const s of this.steps.values()) {
      if (s.status === "running" || s.status === "pending") running = true;
      else if (s.status === "waiting") waiting = true;
    }
    if (!running && !waiting) {
      this.status = "succeeded";
      this.finished = true;
      if (this.output === undefined) this.output = null;
      if (this.g.mayStartChildren) this.cancelChildren.all = true;
      this.event("run.succeeded", null, {});
      return;
    }
    this.status = running ? "running" : "waiting";
    if (this.status === "waiting" && prev !== "waiting") this.event("run.waiting", null, { waitingOn: this.waitingOn() });
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

export function errorInfo(err: unknown): StepErrorInfo {
  if (err instanceof RetryableError || err instanceof NonRetriableError) return { message: err.message, code: err.errorCode };
  if (err instanceof ExpressionError) return { message: `Expression error: ${err.message}`, code: `expression_${err.code}` };
  if (err instanceof Error) return { message: err.message, code: "error" };
  return { message: String(err), code: "error" };
}
