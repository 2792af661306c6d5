// Drives ONE claimed run while this worker holds its lease: settle everything deterministic in
// memory, commit it together with the start of the next effects in one fenced transaction, run the
// effects outside any transaction, commit each result with its continuation, and release the lease
// when nothing is in flight. Cycles are serialised per run (a promise chain), so in-memory state is
// only ever touched by one cycle at a time.
import type { WorkflowNode } from "@/lib/model/graph-schema";
import { isTransientExpressionError } from "@/lib/model/expression-error";
import { getCompiledGraph } from "./compiled-graph";
import { ConflictError, LeaseLostError, RetryableError, ValidationError } from "./errors";
import { executorFor } from "./executors";
import type { EffectLaunch, EffectOutcome, InterpreterPorts } from "./cycle";
import { RunState } from "./run-state";
import type { ClaimedRun, CredentialResolver, EngineStore, ExecutorContext, StepRecord, TaskRecord } from "./ports";
import type { Semaphore } from "./semaphore";
import { noopTelemetry, type StepEnded, type Telemetry } from "./telemetry";
import type { SafeFetchInit } from "@/lib/security/safe-fetch";

const MAX_TRANSIENT_RETRIES = 5;
/** An expression that could not be evaluated (starved, not its fault): tries before handing the run back. */
const MAX_EXPRESSION_RETRIES = 5;

/** PostgreSQL deadlock / serialisation failures and SQLite busy errors: safe to try again. */
function isTransientDbError(e: unknown): boolean {
  const code = String((e as { code?: unknown } | null)?.code ?? "");
  return code === "40P01" || code === "40001" || code === "SQLITE_BUSY";
}

export type CrashPoint = "after_claim" | "after_effect" | "before_commit" | "after_commit";

export interface ProcessorDeps {
  store: EngineStore;
  effects: Semaphore;
  /**
   * Serialises the in-memory `advance` phase across the worker's runs. It is CPU-bound work on one
   * thread anyway; interleaving it only multiplies compiled-expression instances (and parses).
   */
  cpu: Semaphore;
  fetch: (url: string, init: SafeFetchInit) => Promise<Response>;
  resolveCredential?: CredentialResolver;
  crash?: (point: CrashPoint) => void;
  /** The server's public base URL, for callback URLs in expressions (see InterpreterPorts). */
  publicBaseUrl?: string;
  /** Another run became due because of this commit (a child started, or a child ended and woke its parent). */
  onOtherRunDue?: () => void;
  log: (level: "info" | "warn" | "error", msg: string, extra?: Record<string, unknown>) => void;
  /** Traces and metrics (default: none). */
  telemetry?: Telemetry;
}

const FINISHED_STEP = new Set(["succeeded", "failed", "cancelled", "skipped"]);

export interface ProcessOutcome {
  /** The run's readyAtMs after we let go (a signal may make it due at once); null when finished or not ready. */
  readyAtMs: number | null;
  lost: boolean;
}

export class RunProcessor {
  private state!: RunState;
  private token: number;
  private readonly inFlight = new Map<string, AbortController>();
  private chain: Promise<void> = Promise.resolve();
  private over = false;
  private reloadWanted = false;
  private transientRetries = 0;
  private expressionRetries = 0;
  private resolveDone!: (o: ProcessOutcome) => void;
  private readonly ports: InterpreterPorts;
  readonly done: Promise<ProcessOutcome>;

  constructor(
    private readonly deps: ProcessorDeps,
    private readonly claimed: ClaimedRun,
  ) {
    this.token = claimed.run.fencingToken;
    this.ports = {
      resolveVersion: (workflowId, version) => deps.store.findVersion(workflowId, version),
      publicBaseUrl: deps.publicBaseUrl,
    };
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  get runId(): string {
    return this.claimed.run.id;
  }

  private get telemetry(): Telemetry {
    return this.deps.telemetry ?? noopTelemetry;
  }

  /** Spans and latencies of the steps this commit ended, retries, and the run's own span when it finished. */
  private observeCommit(
    b: { steps: readonly StepRecord[]; events: readonly { type: string; stepKey?: string | null }[] },
    now: number,
  ): void {
    const t = this.telemetry;
    const run = this.state.run;
    const ended: StepEnded[] = [];
    for (const st of b.steps) {
      if (!FINISHED_STEP.has(st.status) || st.status === "skipped") continue;
      ended.push({
        runId: run.id,
        workflowId: run.workflowId,
        stepKey: st.stepKey,
        nodeId: st.nodeId,
        kind: st.kind,
        attempt: st.attempt,
        status: st.status,
        outputHandle: st.outputHandle,
        startedAtMs: st.startedAtMs,
        finishedAtMs: st.finishedAtMs,
        error: st.error,
      });
    }
    if (ended.length) t.stepsCommitted(run.workflowId, ended);
    for (const e of b.events) {
      if (e.type !== "step.retrying") continue;
      t.retried(b.steps.find((x) => x.stepKey === e.stepKey)?.kind ?? "unknown");
    }
    if (this.state.finished)
      t.runEnded({
        runId: run.id,
        workflowId: run.workflowId,
        versionId: run.versionId,
        status: this.state.status,
        trigger: run.trigger,
        startedAtMs: run.startedAtMs,
        finishedAtMs: now,
        error: this.state.error ?? null,
      });
  }

  get fencingToken(): number {
    return this.token;
  }

  /** Start processing; `done` settles when the lease is released, the run finished, or the lease was lost. */
  async start(): Promise<ProcessOutcome> {
    const { run, steps } = this.claimed;
    try {
      const version = await this.deps.store.getVersion(run.versionId);
      if (!version) throw new ValidationError(`Workflow version ${run.versionId} not found`);
      const g = getCompiledGraph(version.id, version.graph, version.pins ?? null);
      const tasks = await this.tasksOf(this.claimed);
      const children = RunState.needsChildren(steps) ? await this.deps.store.loadChildRuns(run.id) : [];
      this.state = new RunState(run, g, steps, tasks, children, this.ports);
    } catch (e) {
      await this.failUnloadable(e);
      return this.done;
    }
    this.enqueue(() => this.cycle());
    return this.done;
  }

  /** A decision or timer changed the run while we hold it: reload before the next cycle. */
  signal(): void {
    if (this.over) return;
    this.reloadWanted = true;
    this.enqueue(() => this.cycle());
  }

  /** Shutdown: stop effects and hand the run back at once (steps left running are recovered by the next holder). */
  async abandon(): Promise<void> {
    if (this.over) return;
    this.over = true;
    for (const ac of this.inFlight.values()) ac.abort(new Error("worker shutting down"));
    await this.deps.store.releaseRun(this.runId, this.token).catch(() => undefined);
    this.resolveDone({ readyAtMs: null, lost: false });
  }

  get effectsInFlight(): number {
    return this.inFlight.size;
  }

  private enqueue(job: () => Promise<void>): void {
    this.chain = this.chain.then(job).catch((e: unknown) => this.die(e));
  }

  private die(e: unknown): void {
    if (this.over) return;
    this.over = true;
    for (const ac of this.inFlight.values()) ac.abort(new Error("lease lost"));
    if (e instanceof LeaseLostError) this.telemetry.leaseLost();
    else this.deps.log("error", "run processing failed", { runId: this.runId, error: String(e) });
    // Leave the lease to expire (natural back-off); the next holder recovers from the database.
    this.resolveDone({ readyAtMs: null, lost: true });
  }

  private async reload(): Promise<void> {
    this.reloadWanted = false;
    const loaded = await this.deps.store.loadRun(this.runId);
    if (!loaded || loaded.run.fencingToken !== this.token) throw new LeaseLostError(`Run ${this.runId}: lease lost`);
    const tasks = await this.tasksOf(loaded);
    const children = RunState.needsChildren(loaded.steps) ? await this.deps.store.loadChildRuns(this.runId) : [];
    this.state = new RunState(loaded.run, this.state.g, loaded.steps, tasks, children, this.ports);
  }

  /** The tasks the run's steps wait on (none to load unless one could: RunState.needsTasks). */
  private async tasksOf(loaded: ClaimedRun): Promise<TaskRecord[]> {
    if (!RunState.needsTasks(loaded.steps)) return [];
    return loaded.tasks ?? this.deps.store.loadTasks(loaded.run.id);
  }

  private async cycle(): Promise<void> {
    if (this.over) return;
    if (this.reloadWanted) await this.reload();
    const now = await this.deps.store.now();
    await this.deps.cpu.acquire();
    let launches: EffectLaunch[];
    try {
      launches = await this.state.advance(now, new Set(this.inFlight.keys()));
    } catch (e) {
      this.deps.cpu.release();
      if (!isTransientExpressionError(e)) throw e;
      await this.retryAfterInterruptedExpression(e);
      return;
    }
    this.deps.cpu.release();
    this.expressionRetries = 0;
    await this.commit(now, launches);
  }

  /**
   * An expression could not be evaluated for a reason that is not its own (its thread was starved,
   * crashed or could not start): nothing of this cycle is kept; reload and try again after a pause.
   * After MAX_EXPRESSION_RETRIES the run is left to its lease (another claim tries later), never failed.
   */
  private async retryAfterInterruptedExpression(e: Error): Promise<void> {
    this.reloadWanted = true;
    this.deps.log("warn", "expression evaluation interrupted, retrying", { runId: this.runId, error: e.message });
    if (++this.expressionRetries > MAX_EXPRESSION_RETRIES) throw e;
    await new Promise((r) => setTimeout(r, 100 * 2 ** this.expressionRetries));
    this.enqueue(() => this.cycle());
  }

  private async commit(now: number, launches: EffectLaunch[]): Promise<void> {
    const s = this.state;
    const release = !s.finished && launches.length === 0 && this.inFlight.size === 0;
    if (!s.hasPendingWrites() && !release && !s.finished) {
      for (const l of launches) this.launch(l);
      return;
    }
    const b = s.takeBatch();
    this.deps.crash?.("before_commit");
    let res;
    try {
      res = await this.deps.store.commit({
        runId: this.runId,
        fencingToken: this.token,
        atMs: now,
        steps: b.steps,
        events: b.events,
        newTasks: b.newTasks,
        closeTasks: b.closeTasks,
        closeAllOpenTasks: b.closeAllOpenTasks,
        newRuns: b.newRuns,
        cancelChildren: b.cancelChildren,
        run: {
          status: s.status,
          waitingOn: s.waitingOn(),
          ...(s.status === "compensating" && s.error ? { error: s.error } : {}),
          ...(s.finished
            ? {
                finished: true,
                output: s.status === "succeeded" ? s.output : undefined,
                error: s.error ?? undefined,
                outcome: s.status === "succeeded" ? s.outcome : null,
              }
            : {}),
        },
        ...(release ? { release: { readyAtMs: s.nextWakeAt() } } : {}),
      });
    } catch (e) {
      if (e instanceof ConflictError || isTransientDbError(e)) {
        // A decision raced our timeout, or the database chose this transaction as a deadlock or
        // serialisation victim: nothing was written; look again with fresh state.
        this.reloadWanted = true;
        if (++this.transientRetries > MAX_TRANSIENT_RETRIES) throw e;
        await new Promise((r) => setTimeout(r, 5 * this.transientRetries));
        this.enqueue(() => this.cycle());
        return;
      }
      throw e;
    }
    this.transientRetries = 0;
    this.deps.crash?.("after_commit");
    if (this.telemetry.enabled) this.observeCommit(b, now);
    if (b.newRuns.length > 0 || b.cancelChildren.all || b.cancelChildren.stepKeys.length > 0 || (s.finished && s.run.parentRunId))
      this.deps.onOtherRunDue?.();
    if (this.over) return; // abandoned (shutdown) while committing: the next holder recovers the rest
    if (s.finished) {
      this.over = true;
      for (const ac of this.inFlight.values()) ac.abort(new Error("run finished"));
      this.resolveDone({ readyAtMs: null, lost: false });
      return;
    }
    if (release) {
      this.over = true;
      this.resolveDone({ readyAtMs: res.readyAtMs, lost: false });
      return;
    }
    for (const l of launches) this.launch(l);
    if (res.signalled) this.signal();
  }

  private launch(l: EffectLaunch): void {
    const ac = new AbortController();
    this.inFlight.set(l.step.stepKey, ac);
    this.execute(l.node, l.step, l.prepared, l.scope, ac, l.firstExecution === true)
      .then((outcome) => {
        this.deps.crash?.("after_effect");
        this.enqueue(async () => {
          this.inFlight.delete(l.step.stepKey);
          if (this.over) return;
          this.state.effectDone(l.step.stepKey, outcome, await this.deps.store.now());
          await this.cycle();
        });
      })
      .catch((e: unknown) => this.die(e));
  }

  private async execute(
    node: WorkflowNode,
    step: StepRecord,
    prepared: unknown,
    scope: unknown,
    ac: AbortController,
    firstExecution: boolean,
  ): Promise<EffectOutcome> {
    const ex = executorFor(node.kind);
    await this.deps.effects.acquire();
    let timer: NodeJS.Timeout | undefined;
    const span = this.telemetry.enabled
      ? this.telemetry.startStep({
          runId: this.runId,
          workflowId: this.state.run.workflowId,
          stepKey: step.stepKey,
          nodeId: node.id,
          kind: node.kind,
          attempt: step.attempt,
        })
      : null;
    let failure: unknown = null;
    try {
      if (node.timeoutMs)
        timer = setTimeout(
          () => ac.abort(new RetryableError(`Step timed out after ${node.timeoutMs} ms`, { kind: "timeout", code: "timeout" })),
          node.timeoutMs,
        );
      const ctx: ExecutorContext = {
        runId: this.runId,
        stepKey: step.stepKey,
        nodeId: node.id,
        attempt: step.attempt,
        ...(firstExecution ? { firstExecution } : {}),
        idempotencyKey: step.idempotencyKey ?? `${this.runId}:${step.stepKey}:${step.attempt}`,
        signal: ac.signal,
        input: prepared,
        scope: scope as unknown as Record<string, unknown>,
        fetch: span ? span.trace.wrapFetch(this.deps.fetch) : this.deps.fetch,
        ...(span ? { trace: span.trace } : {}),
        resolveCredential: this.deps.resolveCredential,
        tasks: this.state.parkedTasks(step.stepKey),
        children: this.state.parkedChildren(step.stepKey),
        resolveVersion: this.ports.resolveVersion,
        depth: this.state.run.depth ?? 0,
        initiatorId: this.state.run.initiatorId,
        disclosure: this.state.g.disclosure.get(node.id),
      };
      const r = await ex.execute!(node as never, prepared, ctx);
      if (r.park) return { ok: true, park: r.park };
      return { ok: true, output: r.output, handle: r.handle };
    } catch (e) {
      const reason: unknown = ac.signal.aborted ? ac.signal.reason : undefined;
      failure = reason ?? e;
      if (reason instanceof RetryableError) return { ok: false, error: reason };
      // An expression inside the effect could not be evaluated right now: a retryable attempt, not an expression error.
      if (isTransientExpressionError(e)) return { ok: false, error: new RetryableError(e.message, { code: "expression_unavailable" }) };
      return { ok: false, error: e };
    } finally {
      if (timer) clearTimeout(timer);
      this.deps.effects.release();
      span?.end(failure === null ? { ok: true } : { ok: false, error: failure });
    }
  }

  /** The run's graph or version cannot be loaded: fail the run with a clear error (nothing else to do). */
  private async failUnloadable(e: unknown): Promise<void> {
    const message = e instanceof Error ? e.message : String(e);
    this.deps.log("error", "cannot load run", { runId: this.runId, error: message });
    try {
      const now = await this.deps.store.now();
      await this.deps.store.commit({
        runId: this.runId,
        fencingToken: this.token,
        atMs: now,
        steps: [],
        events: [{ type: "run.failed", data: { message, code: "unloadable" } }],
        closeAllOpenTasks: true,
        run: { status: "failed", finished: true, error: { message, code: "unloadable" } },
      });
      this.over = true;
      this.resolveDone({ readyAtMs: null, lost: false });
    } catch (err) {
      this.die(err);
    }
  }
}
