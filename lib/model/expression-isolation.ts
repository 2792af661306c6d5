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

// Kept on globalThis: Next builds the instrumentation (where the embedded worker installs the pool)
// and each route into separate bundles with their own module copies; all must see the one pool.
const KEY = Symbol.for("switchyard.expressionIsolation");
const slot = globalThis as unknown as Record<typeof KEY, ExpressionIsolation | null | undefined>;

export function setExpressionIsolation(isolation: ExpressionIsolation | null): void {
  slot[KEY] = isolation;
}

export function expressionIsolation(): ExpressionIsolation | null {
  return slot[KEY] ?? null;
}
