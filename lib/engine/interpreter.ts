// The durable interpreter: pure in-memory state transitions for ONE run. It never touches the
// database; the worker loads a RunState, calls `advance`, and commits the collected batch (steps,
// events, tasks, run status) in one fenced transaction.
//
// Semantics (docs/workflow-format.md): an edge is taken when its source finished on the edge's
// handle, dead when the source finished on another handle or was skipped. A node is ready when all
// its incoming edges are decided and at least one is taken; all dead ⇒ skipped (dead-path
// elimination). Joins in mode any / first_n fire as soon as enough edges are taken. One pass in
// topological order settles every deterministic node, because a node's sources come before it.
import { randomUUID } from "node:crypto";
import type { WorkflowNode } from "@/lib/workflow/graph-schema";
import { computeBackoffMs, shouldRetry } from "@/lib/workflow/retry-policy";
import type { ExpressionScope } from "@/lib/workflow/scope";
import { ExpressionError } from "@/lib/workflow/expression-error";
import type { CompiledGraph } from "./compiled-graph";
import { NonRetriableError, RetryableError, type FailureKind, type StepErrorInfo } from "./errors";
import { executorFor } from "./executors";
import type { EventWrite, NewTask, ParkRequest, RunRecord, RunStatus, StepRecord, TaskRecord, TaskSpec } from "./ports";

/** Interrupted deliveries of one attempt re-sent with the same idempotency key before it counts as failed. */
export const MAX_DELIVERIES = 3;

export interface EffectLaunch {
  node: WorkflowNode;
  step: StepRecord;
  /** The stored step input (e.g. the rendered HTTP request). */
  prepared: unknown;
}

/** An effect's result as the processor reports it (see ExecutorResult). */
export type EffectOutcome =
  | { ok: true; output: unknown; handle?: string; park?: undefined }
  | { ok: true; park: ParkRequest }
  | { ok: false; error: unknown };

/** Separates a step key from the key of a task the step parked on (not allowed in node ids). */
export const PARK_SEPARATOR = "~";
const PARK_KEY = /^[A-Za-z0-9_.:-]{1,100}$/;

export interface PendingBatch {
  steps: StepRecord[];
  events: EventWrite[];
  newTasks: NewTask[];
  closeTasks: { id: string; status: "timed_out" | "cancelled"; result?: unknown; mustBeOpen: boolean }[];
  closeAllOpenTasks: boolean;
}

type EdgeState = "taken" | "dead" | "open";
const OPEN = new Set(["pending", "running", "waiting"]);

export class RunState {
  readonly steps = new Map<string, StepRecord>();
  readonly tasks = new Map<string, TaskRecord>();
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
  private endAt: { at: number; pos: number } | null = null;

  constructor(
    public run: RunRecord,
    readonly g: CompiledGraph,
    steps: StepRecord[],
    tasks: TaskRecord[] = [],
  ) {
    this.status = run.status;
    this.scope = {
      input: run.input,
      steps: {},
      run: { id: run.id, startedAt: new Date(run.startedAtMs ?? Date.now()).toISOString() },
    };
    this.load(steps, tasks);
  }

  /** (Re)load persisted steps and tasks, e.g. after a signal. */
  load(steps: StepRecord[], tasks: TaskRecord[]): void {
    this.steps.clear();
    this.scope.steps = {};
    this.endAt = null;
    for (const s of steps) {
      this.steps.set(s.stepKey, s);
      this.noteTerminal(s);
    }
    this.tasks.clear();
    for (const t of tasks) this.tasks.set(t.stepKey, t);
  }

  /** Whether loading this run's tasks is needed before advancing (parked approvals, recovery). */
  static needsTasks(steps: StepRecord[]): boolean {
    return steps.some((s) => s.status === "waiting" || s.status === "running");
  }

  private noteTerminal(s: StepRecord): void {
    const node = this.g.index.nodes.get(s.nodeId);
    if (!node) return;
    if (s.status === "succeeded" || s.status === "skipped" || (s.status === "failed" && s.outputHandle === "error")) {
      this.scope.steps[node.name] = { output: s.status === "skipped" ? null : s.output, status: s.status };
    }
    if (node.kind === "end" && s.status === "succeeded") {
      const at = s.finishedAtMs ?? 0;
      const pos = this.g.position.get(node.id) ?? 0;
      if (!this.endAt || at > this.endAt.at || (at === this.endAt.at && pos > this.endAt.pos)) {
        this.endAt = { at, pos };
        this.output = s.output;
      }
    }
  }

  hasPendingWrites(): boolean {
    return this.writes.size > 0 || this.events.length > 0 || this.newTasks.length > 0 || this.closeTasks.length > 0;
  }

  takeBatch(): PendingBatch {
    const b: PendingBatch = {
      steps: [...this.writes.values()],
      events: this.events,
      newTasks: this.newTasks,
      closeTasks: this.closeTasks,
      closeAllOpenTasks: this.closeAllOpenTasks,
    };
    this.writes = new Map();
    this.events = [];
    this.newTasks = [];
    this.closeTasks = [];
    this.closeAllOpenTasks = false;
    return b;
  }

  private put(s: StepRecord): void {
    this.steps.set(s.stepKey, s);
    this.writes.set(s.stepKey, s);
  }

  event(type: string, stepKey: string | null, data: Record<string, unknown> = {}): void {
    this.events.push({ type, stepKey, data });
  }

  private edgeState(source: string, handle: string): EdgeState {
    const s = this.steps.get(source);
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

  private newStep(node: WorkflowNode, now: number): StepRecord {
    return {
      id: randomUUID(),
      runId: this.run.id,
      stepKey: node.id,
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
  }

  /** A failure after the attempt: retry (per policy), route down `error`, or fail the run. */
  fail(node: WorkflowNode, step: StepRecord, err: unknown, now: number): void {
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
    if (this.g.hasErrorEdge.has(node.id)) {
      const output = { error: { message: info.message, code: info.code } };
      const s: StepRecord = { ...step, status: "failed", output, outputHandle: "error", error: info, wakeAtMs: null, finishedAtMs: now };
      this.put(s);
      this.noteTerminal(s);
      this.event("step.failed", step.stepKey, { ...info, attempt, routed: true });
      return;
    }
    this.put({ ...step, status: "failed", error: info, wakeAtMs: null, finishedAtMs: now });
    this.event("step.failed", step.stepKey, { ...info, attempt, routed: false });
    this.error ??= { ...info, stepKey: step.stepKey };
  }

  private skip(node: WorkflowNode, now: number): void {
    const s: StepRecord = { ...this.newStep(node, now), status: "skipped", finishedAtMs: now };
    this.put(s);
    this.noteTerminal(s);
    this.event("step.skipped", s.stepKey, {});
  }

  private startAttempt(node: WorkflowNode, step: StepRecord, prepared: unknown, now: number, launches: EffectLaunch[]): void {
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
    launches.push({ node, step: s, prepared });
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
  ): void {
    this.put({ ...step, status: "waiting", wakeAtMs, input: input ?? step.input });
    this.event("step.waiting", step.stepKey, { reason, wakeAtMs });
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

  /**
   * Settle everything that can be settled now. Returns the effects to launch (already recorded as
   * running in the pending batch: commit before executing them).
   */
  async advance(now: number, inFlight: ReadonlySet<string>): Promise<EffectLaunch[]> {
    const launches: EffectLaunch[] = [];
    if (this.finished) return launches;
    for (const id of this.g.order) {
      if (this.error) break;
      const node = this.g.index.nodes.get(id)!;
      const existing = this.steps.get(id);
      if (existing) {
        if (OPEN.has(existing.status)) await this.revisit(node, existing, now, inFlight, launches);
        continue;
      }
      const ready = this.readiness(node);
      if (ready === "wait") continue;
      if (ready === "skip") {
        this.skip(node, now);
        continue;
      }
      await this.begin(node, this.newStep(node, now), now, ready, launches);
    }
    this.settleRun(now, inFlight, launches);
    return launches;
  }

  private readiness(node: WorkflowNode): "wait" | "skip" | { nodeId: string; name: string; output: unknown }[] {
    const incoming = this.g.index.incoming.get(node.id) ?? [];
    if (node.kind === "start") return [];
    let open = 0;
    const taken: { nodeId: string; name: string; output: unknown; at: number }[] = [];
    for (const e of incoming) {
      const st = this.edgeState(e.source, e.sourceHandle);
      if (st === "open") open++;
      else if (st === "taken" && !taken.some((t) => t.nodeId === e.source)) {
        const src = this.steps.get(e.source)!;
        taken.push({ nodeId: e.source, name: this.g.index.nodes.get(e.source)!.name, output: src.output, at: src.finishedAtMs ?? 0 });
      }
    }
    if (node.kind === "join" && node.config.mode !== "all") {
      const need = node.config.mode === "any" ? 1 : (node.config.n ?? 1);
      if (taken.length >= need) {
        taken.sort((a, b) => a.at - b.at || (this.g.position.get(a.nodeId)! - this.g.position.get(b.nodeId)!));
        return taken.slice(0, need);
      }
      return open > 0 ? "wait" : "skip";
    }
    if (open > 0) return "wait";
    return taken.length > 0 ? taken : "skip";
  }

  private async begin(
    node: WorkflowNode,
    step: StepRecord,
    now: number,
    takenSources: { nodeId: string; name: string; output: unknown }[],
    launches: EffectLaunch[],
  ): Promise<void> {
    const ex = executorFor(node.kind);
    const ctx = { run: this.run, stepKey: step.stepKey, scope: this.scope, now, takenSources };
    try {
      if (ex.effect) {
        const prepared = ex.prepare ? await ex.prepare(node as never, ctx) : null;
        this.startAttempt(node, step, prepared, now, launches);
        return;
      }
      const outcome = await ex.start!(node as never, ctx);
      const s = { ...step, attempt: 1 };
      if (outcome.type === "succeeded") this.succeed(node, s, outcome.output, outcome.handle, now);
      else this.park(node, s, outcome.wakeAtMs, outcome.reason, outcome.input, outcome.task, now);
    } catch (e) {
      this.fail(node, { ...step, attempt: 1 }, e, now);
    }
  }

  private async revisit(node: WorkflowNode, step: StepRecord, now: number, inFlight: ReadonlySet<string>, launches: EffectLaunch[]): Promise<void> {
    const ex = executorFor(node.kind);
    if (step.status === "running") {
      if (inFlight.has(step.stepKey)) return;
      this.recoverInterrupted(node, step, now, launches);
      return;
    }
    if (step.status === "pending") {
      await this.begin(node, step, now, [], launches);
      return;
    }
    // waiting
    const task = this.tasks.get(step.stepKey);
    if (ex.effect) {
      if (task && task.type === "recovery") {
        if (task.status === "approved") this.startAttempt(node, step, step.input, now, launches);
        else if (task.status !== "open") {
          this.fail(node, step, new NonRetriableError(`Interrupted step was not retried: recovery task ${task.status}`, "interrupted"), now);
        }
        return;
      }
      if (step.wakeAtMs !== null) {
        if (step.wakeAtMs <= now) this.startAttempt(node, step, step.input, now, launches);
        return;
      }
      const parked = this.parkedTasks(step.stepKey);
      if (parked.length > 0 && parked.every((t) => t.status !== "open")) {
        // Every task the effect parked on is decided: continue the same attempt (same key).
        const s: StepRecord = { ...step, status: "running", startedAtMs: now };
        this.put(s);
        this.event("step.resumed", s.stepKey, { attempt: s.attempt, tasks: parked.map((t) => ({ taskId: t.id, status: t.status })) });
        launches.push({ node, step: s, prepared: s.input });
      }
      return;
    }
    if (!ex.resume) return;
    const r = ex.resume(node as never, { now, step, task });
    if (r.type === "still_waiting") {
      if (r.wakeAtMs !== undefined && r.wakeAtMs !== step.wakeAtMs) this.put({ ...step, wakeAtMs: r.wakeAtMs });
      return;
    }
    if (r.closeTask && task) {
      this.closeTasks.push({ id: task.id, status: r.closeTask, result: r.output, mustBeOpen: true });
      this.tasks.set(step.stepKey, { ...task, status: r.closeTask, result: r.output });
      this.event("task.timed_out", step.stepKey, { taskId: task.id });
    }
    this.succeed(node, step, r.output, r.handle, now);
  }

  /** A step found running without a worker: the previous holder crashed mid-call. */
  private recoverInterrupted(node: WorkflowNode, step: StepRecord, now: number, launches: EffectLaunch[]): void {
    if (node.nonIdempotent) {
      if (this.tasks.has(step.stepKey)) {
        this.fail(node, step, new NonRetriableError("Non-idempotent step was interrupted again after a recovery review", "interrupted"), now);
        return;
      }
      const info = { message: "Interrupted mid-call (worker lost); the node is non-idempotent, so it waits for review", code: "interrupted" };
      this.put({ ...step, error: info });
      this.park(node, { ...step, error: info }, null, "recovery", step.input, {
        type: "recovery",
        title: `Recover step "${node.name}"`,
        instructions:
          `The worker running "${node.name}" stopped during attempt ${step.attempt}. The node is marked non-idempotent, ` +
          `so it was not sent again automatically. Check whether the call took effect on the remote side, then approve ` +
          `to send it again (as a new attempt) or reject to fail the step.`,
        payload: { stepKey: step.stepKey, attempt: step.attempt, idempotencyKey: step.idempotencyKey, request: step.input },
        editableSchema: {},
        context: { reason: "interrupted" },
        quorum: 1,
        rejectionPolicy: "any_rejects",
        separationOfDuties: false,
        dueAtMs: null,
        escalation: [],
        escalationLevel: 0,
        assignees: [{ type: "role", value: "admin" }],
      }, now);
      return;
    }
    const prev = step.error as { deliveries?: unknown } | null;
    const deliveries = (typeof prev?.deliveries === "number" ? prev.deliveries : 1) + 1;
    if (deliveries > MAX_DELIVERIES) {
      this.fail(node, step, new RetryableError(`Interrupted ${MAX_DELIVERIES} times mid-call`, { kind: "timeout", code: "interrupted" }), now);
      return;
    }
    const s: StepRecord = {
      ...step,
      error: { message: "Interrupted mid-call; sent again with the same idempotency key", code: "interrupted", deliveries },
      startedAtMs: now,
    };
    this.put(s);
    this.event("step.retrying", s.stepKey, { attempt: s.attempt, reason: "interrupted (worker lost its lease)", code: "interrupted", delivery: deliveries, idempotencyKey: s.idempotencyKey });
    launches.push({ node, step: s, prepared: s.input });
  }

  /** Tasks a step parked on through a ParkRequest (task stepKey `${stepKey}~${key}`), oldest first. */
  parkedTasks(stepKey: string): TaskRecord[] {
    const prefix = stepKey + PARK_SEPARATOR;
    const out: TaskRecord[] = [];
    for (const [key, t] of this.tasks) if (key.startsWith(prefix) && !key.slice(prefix.length).includes(PARK_SEPARATOR)) out.push(t);
    return out.sort((a, b) => a.createdAtMs - b.createdAtMs);
  }

  /** Record an effect's outcome (then call advance for the continuation). */
  effectDone(stepKey: string, result: EffectOutcome, now: number): void {
    const step = this.steps.get(stepKey);
    if (!step || step.status !== "running") return;
    const node = this.g.index.nodes.get(step.nodeId)!;
    if (!result.ok) return this.fail(node, step, result.error, now);
    if (!result.park) return this.succeed(node, step, result.output, result.handle ?? "out", now);
    const taskKey = step.stepKey + PARK_SEPARATOR + result.park.key;
    if (!PARK_KEY.test(result.park.key) || this.tasks.has(taskKey)) {
      return this.fail(node, step, new NonRetriableError(`The step asked to wait on task "${result.park.key}" twice (or with an invalid key)`, "park_key"), now);
    }
    this.park(node, step, null, "task", step.input, result.park.task, now, taskKey);
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
      this.event("run.succeeded", null, {});
      return;
    }
    this.status = running ? "running" : "waiting";
    if (this.status === "waiting" && prev !== "waiting") this.event("run.waiting", null, { waitingOn: this.waitingOn() });
  }

  waitingOn(): string | null {
    if (this.status !== "waiting") return null;
    for (const s of this.steps.values()) if (s.status === "waiting" && (this.tasks.has(s.stepKey) || this.parkedTasks(s.stepKey).length > 0)) return "task";
    return "timer";
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
