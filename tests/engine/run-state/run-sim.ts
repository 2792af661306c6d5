// A database-free stand-in for the run processor: it drives one RunState through passes, keeps the
// committed rows in plain maps (the last write of a row wins, as in the store's upsert), and plays the
// outside world — an effect finishing, a reviewer deciding, a child run ending, time passing — by
// reloading a fresh RunState from those rows, as the worker does after a signal. Ids and randomness
// are deterministic (interpreter ports).
import { compileGraph, type CompiledGraph } from "@/lib/engine/compiled-graph";
import type { EffectOutcome, InterpreterPorts } from "@/lib/engine/cycle";
import type { PendingBatch } from "@/lib/engine/pending-batch";
import type { ChildRunSummary, RunRecord, RunStatus, StepRecord, TaskRecord, TaskStatus, VersionRecord } from "@/lib/engine/ports";
import { RunState } from "@/lib/engine/run-state";
import type { WaitDelivery } from "@/lib/model/wait-keys";

export const T0 = Date.UTC(2030, 0, 1);

export class RunSim {
  readonly g: CompiledGraph;
  run: RunRecord;
  readonly steps = new Map<string, StepRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  readonly children = new Map<string, ChildRunSummary>();
  /** Every event written so far, as `type` or `type:stepKey`. */
  readonly events: string[] = [];
  readonly inFlight = new Set<string>();
  now = T0;
  state: RunState;
  private ids = 0;
  readonly ports: InterpreterPorts = {
    newId: () => `id-${++this.ids}`,
    random: () => 0.5,
    resolveVersion: (workflowId, version) =>
      Promise.resolve<VersionRecord | null>({
        id: `${workflowId}@${version}`,
        workflowId,
        version: version === "latest" ? 7 : version,
        graph: "{}",
      }),
  };

  constructor(graph: Record<string, unknown>, input: unknown = {}, run: Partial<RunRecord> = {}) {
    this.g = compileGraph("v1", JSON.stringify(graph));
    this.run = {
      id: "run-1",
      workflowId: "wf-1",
      versionId: "v1",
      status: "running",
      trigger: "manual",
      input,
      output: null,
      error: null,
      outcome: null,
      initiatorId: "user-1",
      cancelledById: null,
      waitingOn: null,
      readyAtMs: null,
      leaseOwner: "sim",
      leaseExpiresMs: null,
      fencingToken: 1,
      createdAt: new Date(T0).toISOString(),
      startedAtMs: T0,
      finishedAtMs: null,
      updatedAtMs: T0,
      depth: 0,
      ...run,
    };
    this.state = this.load();
  }

  private load(): RunState {
    return new RunState(
      { ...this.run },
      this.g,
      [...this.steps.values()],
      [...this.tasks.values()],
      [...this.children.values()],
      this.ports,
    );
  }

  /** One pass and its commit; returns the step keys of the effects it launched. */
  async advance(): Promise<string[]> {
    const launches = await this.state.advance(this.now, this.inFlight);
    this.commit(this.state.takeBatch());
    for (const l of launches) this.inFlight.add(l.step.stepKey);
    return launches.map((l) => l.step.stepKey);
  }

  private commit(b: PendingBatch): void {
    for (const s of b.steps) this.steps.set(s.stepKey, s);
    for (const e of b.events) this.events.push(e.stepKey ? `${e.type}:${e.stepKey}` : e.type);
    for (const t of b.newTasks) this.tasks.set(t.stepKey, { ...t, status: "open", version: 0, result: null, decidedAtMs: null });
    for (const c of b.closeTasks) {
      for (const [k, t] of this.tasks)
        if (t.id === c.id && t.status === "open") this.tasks.set(k, { ...t, status: c.status, result: c.result ?? null });
    }
    if (b.closeAllOpenTasks) for (const [k, t] of this.tasks) if (t.status === "open") this.tasks.set(k, { ...t, status: "cancelled" });
    for (const r of b.newRuns)
      this.children.set(r.parentStepKey, { id: r.id, parentStepKey: r.parentStepKey, status: "queued", output: null, error: null });
    const s = this.state;
    this.run = {
      ...this.run,
      status: s.status,
      waitingOn: s.waitingOn(),
      ...(s.status === "compensating" && s.error ? { error: s.error } : {}),
      ...(s.finished ? { output: s.status === "succeeded" ? s.output : null, error: s.error } : {}),
    };
  }

  /** An effect's result arrives (the processor then runs a pass). */
  async complete(stepKey: string, outcome: EffectOutcome): Promise<string[]> {
    this.inFlight.delete(stepKey);
    this.state.effectDone(stepKey, outcome, this.now);
    return this.advance();
  }

  /** Something outside changed the rows: the worker reloads its state and runs a pass. */
  async signal(): Promise<string[]> {
    this.state = this.load();
    return this.advance();
  }

  /** A reviewer decides a task (decideTask stores the result on the task and wakes the run). */
  decide(taskKey: string, status: Exclude<TaskStatus, "open">, result: unknown = null): Promise<string[]> {
    const t = this.tasks.get(taskKey);
    if (!t) throw new Error(`no task ${taskKey}`);
    this.tasks.set(taskKey, { ...t, status, result, decidedAtMs: this.now });
    return this.signal();
  }

  /** A child run ends (its terminal commit wakes the parent). */
  endChild(parentStepKey: string, status: RunStatus, output: unknown = null, error: unknown = null): Promise<string[]> {
    const c = this.children.get(parentStepKey);
    if (!c) throw new Error(`no child run for ${parentStepKey}`);
    this.children.set(parentStepKey, { ...c, status, output, error });
    return this.signal();
  }

  /**
   * An event or a callback reaches a waiting Wait step: lib/db writes the delivery into the waiting row
   * (the step stays `waiting`) and signals the run, whose next pass resumes the step.
   */
  deliver(stepKey: string, source: "event" | "callback", data: unknown): Promise<string[]> {
    const s = this.step(stepKey);
    if (s.status !== "waiting") throw new Error(`step ${stepKey} is ${s.status}, not waiting`);
    const delivery: WaitDelivery = { delivery: { source, id: `${source}-${stepKey}`, data, atMs: this.now } };
    this.steps.set(stepKey, { ...s, output: delivery });
    return this.signal();
  }

  /** A callback heartbeat: lib/db moves the waiting row's deadline (no signal: nothing is due earlier). */
  heartbeat(stepKey: string, wakeAtMs: number): void {
    const s = this.step(stepKey);
    this.steps.set(stepKey, { ...s, wakeAtMs });
  }

  /** Time passes; timers due by then fire on the next pass. */
  later(ms: number): Promise<string[]> {
    this.now += ms;
    return this.signal();
  }

  /** The worker holding the run crashed: a new holder loads the rows with nothing in flight. */
  crash(): Promise<string[]> {
    this.inFlight.clear();
    return this.signal();
  }

  step(key: string): StepRecord {
    const s = this.steps.get(key);
    if (!s) throw new Error(`no step ${key} (have ${[...this.steps.keys()].join(", ")})`);
    return s;
  }

  /** `key=status` of every step row, sorted: a compact picture of the run. */
  picture(): string[] {
    return [...this.steps.values()].map((s) => `${s.stepKey}=${s.status}`).sort();
  }
}
