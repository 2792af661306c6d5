/** Longest accepted expression (and template) source, in characters. */
export const MAX_EXPRESSION_LENGTH = 10_000;

export interface ExpressionLimits {
  /** Wall-clock budget for one evaluation (one whole template for `renderTemplate`). */
  timeoutMs: number;
  /**
   * Maximum number of simultaneously active user-function (lambda) calls: bounds recursion.
   * JSONata evaluates group-by values concurrently, so `items{ key: $map(x, function(){...}) }`
   * over more than this many groups also counts as too deep.
   */
  maxDepth: number;
  /** Maximum UTF-8 size of the JSON-serialised scope. `Infinity` disables the check. */
  maxInputBytes: number;
  /** Maximum UTF-8 size of the JSON-serialised result. */
  maxOutputBytes: number;
}

export const DEFAULT_EXPRESSION_LIMITS: Readonly<ExpressionLimits> = Object.freeze({
  timeoutMs: 1000,
  maxDepth: 5000,
  maxInputBytes: 1_000_000,
  maxOutputBytes: 1_000_000,
});

export function resolveLimits(limits?: Partial<ExpressionLimits>): ExpressionLimits {
  return { ...DEFAULT_EXPRESSION_LIMITS, ...limits };
}
