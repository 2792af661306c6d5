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
import { NonRetriableError } from "./errors";

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
  /** Insert unless (runId, stepKey, seq) exists; returns the stored record either way. */
  save(record: NewSubStep, extra?: Extra): Promise<StoredSubStep>;
}

export interface SubStepOutcome<T, Extra> {
  result: T;
  metrics?: SubStepMetrics;
  extra?: Extra;
}

export class SubSteps<Extra = never> {
  private next = 0;
  private readonly stored: Map<number, StoredSubStep>;
  /** How many sub-steps were answered from the store in this execution. */
  replayed = 0;

  constructor(
    private readonly store: SubStepStore<Extra>,
    readonly runId: string,
    readonly stepKey: string,
    stored: readonly StoredSubStep[],
  ) {
    this.stored = new Map(stored.map((s) => [s.seq, s]));
  }

  static async open<Extra>(store: SubStepStore<Extra>, runId: string, stepKey: string): Promise<SubSteps<Extra>> {
    return new SubSteps(store, runId, stepKey, await store.load(runId, stepKey));
  }

  /** The seq the next `run` will use (e.g. for an idempotency key). */
  get seq(): number {
    return this.next;
  }

  /**
   * The stored result of this position, or run `fn`, persist its result, then return it. A throw
   * from `fn` persists nothing (the step fails or retries as a whole).
   */
  async run<T>(name: string, fn: (seq: number) => Promise<SubStepOutcome<T, Extra>>): Promise<T> {
    const seq = this.next++;
    const hit = this.stored.get(seq);
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
    const saved = await this.store.save(
      { runId: this.runId, stepKey: this.stepKey, seq, name, result: out.result, ...out.metrics },
      out.extra,
    );
    this.stored.set(seq, saved);
    return saved.result as T;
  }
}
