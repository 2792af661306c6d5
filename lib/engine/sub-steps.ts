// Durable checkpoints INSIDE one effect step (the agent loop: every model call and every tool call).
// A step that is re-executed after a crash, a lost lease or a retryable failure replays its
// completed sub-steps from the store in order and only runs the first one that has no record, so
// no completed call is ever made again. Results are persisted BEFORE the loop continues.
//
// Keys are positional: (runId, stepKey, seq), seq = 0, 1, 2... in the order the step asks for them.
// Replay is deterministic because the only inputs that decide what comes next (model answers, tool
// results) are themselves the stored results. Each record also stores a name ("gpt-4o-mini",
// "tool:lookup", "decision:ok"...); a replay that asks for a different name at the same seq means
// the step's logic diverged, and it fails loudly instead of mixing results
// (dbos-transact "getOperationResult" habit: check the step name on replay).
//
// Writes are first-writer-wins on the unique key: two holders of the same step (a zombie whose
// lease expired, and its successor) both continue with the one stored result. Sub-steps are keyed
// without the attempt: a retry after a 429 on call 3 replays calls 1-2 and makes call 3 again.
//
// A result must be durable before the next call goes out, not sooner: a sub-step may ask to be held
// (`hold`) and is then written with the next one when that one makes no call (`local`: the agent's
// final answer and its decision are one write, not two), or alone just before the next call is made
// (or by `flush` when the step ends otherwise). On PostgreSQL each write waits for a WAL flush.
import { NonRetriableError, RetryableError } from "./errors";

export interface StoredSubStep {
  seq: number;
  name: string;
  result: unknown;
}

/** Usage figures a sub-step may carry (model calls); rolled up into the run's totals. */
export interface SubStepMetrics {
  providerId?: string | null;
  request?: unknown;
  error?: string | null;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  latencyMs?: number;
}

export interface NewSubStep extends SubStepMetrics {
  runId: string;
  stepKey: string;
  seq: number;
  name: string;
  result: unknown;
}

/**
 * Persistence of sub-steps. `Extra` is whatever else must commit atomically with the record (run
 * events, audit, memory rows); it is applied only by the first writer.
 */
export interface SubStepStore<Extra = never> {
  load(runId: string, stepKey: string): Promise<StoredSubStep[]>;
  /**
   * Insert unless (runId, stepKey, seq) exists; returns the stored record either way. `held`: records
   * of earlier positions written first in the same transaction, each first writer wins; the record and
   * its extras are written only when every held one was this writer's, and `heldLost` is then set on
   * the answer instead.
   */
  save(record: NewSubStep, extra?: Extra, held?: NewSubStep[]): Promise<StoredSubStep & { heldLost?: boolean }>;
}

export interface SubStepOutcome<T, Extra> {
  result: T;
  metrics?: SubStepMetrics;
  extra?: Extra;
  /**
   * Hold the record instead of writing it now: it is written with the next sub-step when that one is
   * `local`, else alone before the next call. Only without extras.
   */
  hold?: boolean;
}

/** The JSON round trip makes a first run and a replay see exactly the same value. */
function asStored(value: unknown): unknown {
  const text = JSON.stringify(value ?? null);
  return JSON.parse(text) as unknown;
}

export interface SubStepsOptions {
  /** Nothing ran under this step's key before (ExecutorContext.firstExecution): nothing is read. */
  fresh?: boolean;
  /** Called for each new record once it is written (a held one when it is written, not before). */
  onSaved?: (record: { seq: number; name: string }) => void;
}

export class SubSteps<Extra = never> {
  private next = 0;
  private readonly stored: Map<number, StoredSubStep>;
  /** How many sub-steps were answered from the store in this execution. */
  replayed = 0;
  /** A result held back (see SubStepOutcome.hold), not written yet. */
  private held: NewSubStep | null = null;

  constructor(
    private readonly store: SubStepStore<Extra>,
    readonly runId: string,
    readonly stepKey: string,
    stored: readonly StoredSubStep[],
    private readonly opts: SubStepsOptions = {},
  ) {
    this.stored = new Map(stored.map((s) => [s.seq, s]));
  }

  static async open<Extra>(
    store: SubStepStore<Extra>,
    runId: string,
    stepKey: string,
    opts: SubStepsOptions = {},
  ): Promise<SubSteps<Extra>> {
    return new SubSteps(store, runId, stepKey, opts.fresh ? [] : await store.load(runId, stepKey), opts);
  }

  /** The seq the next `run` will use (e.g. for an idempotency key). */
  get seq(): number {
    return this.next;
  }

  /**
   * The stored result of this position, or run `fn`, persist its result, then return it. A throw
   * from `fn` persists nothing (the step fails or retries as a whole). `local`: `fn` calls nothing
   * outside (no model, no tool), so a held record may wait and be written with this one.
   */
  async run<T>(name: string, fn: (seq: number) => Promise<SubStepOutcome<T, Extra>>, opts: { local?: boolean } = {}): Promise<T> {
    const seq = this.next++;
    const hit = this.stored.get(seq);
    if (hit || !opts.local) await this.flush();
    if (hit) {
      if (hit.name !== name) {
        throw new NonRetriableError(
          `Replay of step ${this.stepKey} diverged at sub-step ${seq}: stored "${hit.name}", now asking for "${name}"`,
          "replay_diverged",
        );
      }
      this.replayed++;
      return hit.result as T;
    }
    const out = await fn(seq);
    const record: NewSubStep = { runId: this.runId, stepKey: this.stepKey, seq, name, result: out.result, ...out.metrics };
    if (out.hold && out.extra === undefined) {
      await this.flush(); // at most one is held
      const mine: StoredSubStep = { seq, name, result: asStored(out.result) };
      this.held = record;
      this.stored.set(seq, mine);
      return mine.result as T;
    }
    const held = this.held;
    this.held = null;
    const saved = await this.store.save(record, out.extra, held ? [held] : undefined);
    if (saved.heldLost) throw lostHeld(this.stepKey, held!.seq);
    if (held) this.opts.onSaved?.(held);
    this.stored.set(seq, saved);
    this.opts.onSaved?.(record);
    return saved.result as T;
  }

  /** Writes the held record, if any (before a call goes out, and when the step ends). */
  async flush(): Promise<void> {
    const held = this.held;
    if (!held) return;
    this.held = null;
    const saved = await this.store.save(held);
    // another holder of the step wrote this position first: what was built on ours is not stored
    if (!sameResult(saved.result, this.stored.get(held.seq)?.result)) throw lostHeld(this.stepKey, held.seq);
    this.opts.onSaved?.(held);
  }
}

function sameResult(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Two holders of one step (a zombie whose lease expired and its successor) both made the held call,
 * and the other wrote its result first. This execution went on from its own result, which is not the
 * stored one: the attempt ends, and the next one replays what is stored.
 */
function lostHeld(stepKey: string, seq: number): RetryableError {
  return new RetryableError(`Sub-step ${seq} of step ${stepKey} was recorded by another holder of the step first`, {
    code: "sub_step_conflict",
  });
}
