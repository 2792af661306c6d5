/**
 * The port to an isolated evaluator: a place where an expression can run without blocking the
 * caller's thread and be stopped however it behaves (lib/engine/expression-isolation.ts implements it
 * with a worker-thread pool). Without one installed (the browser, unit tests of lib/model) everything
 * is evaluated in place under the step timebox.
 */
import type { ExpressionLimits } from "./expression-limits";
import type { JsonValue } from "./json-value";
import type { ExpressionScope } from "./scope";

export interface IsolatedResult {
  value: JsonValue;
  /** The evaluation's own work in ms (CPU time of the evaluating thread where measurable). */
  usedMs: number;
}

export interface ExpressionIsolation {
  /** Rejects with an ExpressionError; `unavailable` when the failure was not the expression's fault. */
  evaluate(source: string, scope: ExpressionScope, limits: ExpressionLimits): Promise<IsolatedResult>;
}

let installed: ExpressionIsolation | null = null;

export function setExpressionIsolation(isolation: ExpressionIsolation | null): void {
  installed = isolation;
}

export function expressionIsolation(): ExpressionIsolation | null {
  return installed;
}
