// One pass of the interpreter over a run (`RunState.advance`): the moment it runs at, the effects
// still executing from earlier passes, and the effects this pass starts. Every step transition in
// the pass reads and writes this one object instead of threading `(now, inFlight, launches)`.
import type { WorkflowNode } from "@/lib/model/graph-schema";
import type { ExpressionScope } from "@/lib/model/scope";
import type { ParkRequest, StepRecord, VersionRecord } from "./ports";

export interface EffectLaunch {
  node: WorkflowNode;
  step: StepRecord;
  /** The stored step input (e.g. the rendered HTTP request). */
  prepared: unknown;
  /** The expression scope of the step's frame. */
  scope: ExpressionScope;
  /**
   * The step's first attempt, started by this pass: nothing ran under its key before, so nothing it
   * recorded (sub-steps) can exist yet. Unset for retries, re-deliveries and resumed parks.
   */
  firstExecution?: boolean;
}

/** An effect's result as the processor reports it (see ExecutorResult). */
export type EffectOutcome =
  { ok: true; output: unknown; handle?: string; park?: undefined } | { ok: true; park: ParkRequest } | { ok: false; error: unknown };

export interface Cycle {
  /** The database clock when the pass began: every timestamp the pass writes. */
  readonly now: number;
  /** Step keys whose effect is executing right now (never recovered as interrupted). */
  readonly inFlight: ReadonlySet<string>;
  /** Effects to launch after the commit; emptied when the run ends or starts compensating. */
  readonly launches: EffectLaunch[];
}

/**
 * What the interpreter takes from the outside world. Ids and randomness are inputs so a test (or a
 * replay) can make a pass fully deterministic; the defaults are `randomUUID` and `Math.random`.
 */
export interface InterpreterPorts {
  /** Sub-workflows: find a published version by number, or the latest published one. */
  resolveVersion?: (workflowId: string, version: number | "latest") => Promise<VersionRecord | null>;
  /** Ids of new step, task and child-run rows. */
  newId?: () => string;
  /** Uniform in [0, 1): the jitter of retry backoff. */
  random?: () => number;
  /**
   * The server's public base URL (e.g. `https://flows.example.com`), prefixed to a waiting Wait for
   * callback step's path in `$.steps.<node>.callbackUrl`. The host reads it from its configuration
   * (SWITCHYARD_BASE_URL); without it the URL is the bare path.
   */
  publicBaseUrl?: string;
}
