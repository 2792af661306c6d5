import type { ExpressionScope } from "./scope";

/** A scope for tests: `input` plus optional steps. */
export function testScope(input: unknown, steps: ExpressionScope["steps"] = {}): ExpressionScope {
  return { input, steps, run: { id: "run_1", startedAt: "2025-01-01T00:00:00.000Z" } };
}
