import type { JsonValue } from "./json-value";

export type StepStatus = "succeeded" | "failed" | "skipped" | "waiting";

/**
 * What an expression sees of a step. A failed step routed down its error edge has `output: { error: { message, code } }`.
 * A Wait for callback step that is waiting is visible too (`status: "waiting"`, `output: null`) with its one-time `callbackUrl`.
 */
export interface StepRecord {
  output: unknown;
  status: StepStatus;
  /** Wait for callback, while waiting: the absolute URL that resumes it. */
  callbackUrl?: string;
}

/**
 * The root (`$`) of every expression and template:
 * `$.input.amount`, `$.steps.Credit_check.output.score`, `` $.steps.`Credit check`.status ``, `$.run.id`.
 */
export interface ExpressionScope {
  /** The run input (validated against the start node's inputSchema). */
  input: unknown;
  /** Steps that already ran (or were skipped), and waiting Wait for callback steps, keyed by node name. */
  steps: Record<string, StepRecord>;
  run: { id: string; startedAt: string };
  /** Inside a Map body: the current element and its index. */
  item?: JsonValue;
  index?: number;
  /** Inside a Loop body (and its condition): `{ iteration, last }`. */
  loop?: JsonValue;
  /** In an undo step: the step being undone `{ step, stepKey, input, output }`. */
  compensation?: JsonValue;
}
