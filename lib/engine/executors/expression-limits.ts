import type { ExpressionLimits } from "@/lib/model/expressions";

/** Largest JSON a single step may produce (output, task payload, HTTP body). */
export const MAX_STEP_OUTPUT_BYTES = 1_000_000;

/**
 * Limits for every engine evaluation. The scope-size check is off because each step output is
 * already capped when it is produced (so the scope is bounded), and serialising the whole scope
 * before every evaluation would make long runs quadratic.
 */
export const ENGINE_EXPRESSION_LIMITS: Partial<ExpressionLimits> = {
  timeoutMs: 1000,
  maxInputBytes: Infinity,
  maxOutputBytes: MAX_STEP_OUTPUT_BYTES,
};
