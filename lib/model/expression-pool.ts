import jsonata from "jsonata";
import { ExpressionError, toExpressionError } from "./expression-error";
import { isInlineSafe } from "./expression-inline";
import { MAX_EXPRESSION_LENGTH } from "./expression-limits";
import { compileRe2, Re2RegexEngine } from "./expression-regex";
import { installTimebox, type TimeboxSlot } from "./expression-timebox";
import { LruCache } from "./lru-cache";

/** A syntax-checked expression. Deliberately has no `evaluate`: use `evaluateExpression`. */
export interface CompiledExpression {
  source: string;
  ast: jsonata.ExprNode;
}

export type CompileResult = { ok: true; expr: CompiledExpression } | { ok: false; error: CompileError };

export interface CompileError {
  message: string;
  /** Character offset (JSONata reports the end of the offending token). */
  position: number;
  code: "syntax" | "size";
  jsonataCode?: string;
}

/** A JSONata Expression with timebox hooks installed, used by one evaluation at a time. */
export interface PooledExpression {
  expr: jsonata.Expression;
  slot: TimeboxSlot;
}

/** One source's compile result and idle instances: looked up once per evaluation, then used directly. */
export interface ExpressionEntry {
  result: CompileResult;
  idle: PooledExpression[];
  /** May run on the caller's thread when an isolated evaluator is installed (expression-inline.ts). */
  inline: boolean;
}

const CACHE_SIZE = 500;
const MAX_IDLE_PER_SOURCE = 4;
const cache = new LruCache<string, ExpressionEntry>(CACHE_SIZE);

/**
 * `$eval` would run JSONata built from data at run time (e.g. from the run input): code nobody
 * validated at design time. Workflow expressions are static, so it is switched off.
 */
function disableEval(expr: jsonata.Expression): void {
  expr.registerFunction("eval", () => {
    throw new ExpressionError("runtime", "$eval is not available in workflow expressions");
  });
}

// JSONata's typings ask for a RegExpConstructor; it only ever calls `new RegexEngine(literal)` and `exec`.
const OPTIONS = { RegexEngine: Re2RegexEngine as unknown as RegExpConstructor };

function instantiate(source: string): PooledExpression {
  const expr = jsonata(source, OPTIONS);
  disableEval(expr);
  return { expr, slot: installTimebox(expr) };
}

interface RegexNode {
  type?: unknown;
  value?: unknown;
  position?: unknown;
}

/** Regex literals must be RE2 syntax (no backreferences or lookaround): report them like syntax errors. */
function checkRegexes(ast: jsonata.ExprNode): CompileError | null {
  const stack: unknown[] = [ast];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    const n = v as RegexNode;
    if (!Array.isArray(v) && n.type === "regex" && n.value instanceof RegExp) {
      try {
        compileRe2(n.value);
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        const position = typeof n.position === "number" ? n.position : 0;
        return {
          message: `Unsupported regular expression /${n.value.source}/ (RE2 syntax, no backreferences or lookaround): ${detail}`,
          position,
          code: "syntax",
        };
      }
      continue;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === "object" && child !== null) stack.push(child);
  }
  return null;
}

/** The cache entry of `source`, compiling it on first use. */
export function expressionEntry(source: string): ExpressionEntry {
  const cached = cache.get(source);
  if (cached) return cached;
  let entry: ExpressionEntry;
  if (source.length > MAX_EXPRESSION_LENGTH) {
    const message = `Expression is longer than ${MAX_EXPRESSION_LENGTH} characters`;
    entry = { result: { ok: false, error: { message, position: MAX_EXPRESSION_LENGTH, code: "size" } }, idle: [], inline: false };
  } else {
    try {
      const pooled = instantiate(source);
      const ast = pooled.expr.ast();
      const regexError = checkRegexes(ast);
      entry = regexError
        ? { result: { ok: false, error: regexError }, idle: [], inline: false }
        : { result: { ok: true, expr: { source, ast } }, idle: [pooled], inline: isInlineSafe(source, ast) };
    } catch (err) {
      const e = toExpressionError(err);
      const error: CompileError = { message: e.message, position: e.position ?? 0, code: "syntax", jsonataCode: e.jsonataCode };
      entry = { result: { ok: false, error }, idle: [], inline: false };
    }
  }
  cache.set(source, entry);
  return entry;
}

export function compileCached(source: string): CompileResult {
  return expressionEntry(source).result;
}

/** May this (valid) expression run on the caller's thread? See expression-inline.ts. */
export function isInlineExpression(source: string): boolean {
  return expressionEntry(source).inline;
}

/**
 * Take a compiled expression of `entry` for exclusive use. Exclusive because JSONata keeps
 * per-evaluation state on the compiled object (the `$now()` timestamp, our timebox slot).
 */
export function acquireExpression(entry: ExpressionEntry): PooledExpression {
  if (!entry.result.ok) {
    const { code, message, position, jsonataCode } = entry.result.error;
    throw new ExpressionError(code, message, { position, jsonataCode });
  }
  return entry.idle.pop() ?? instantiate(entry.result.expr.source);
}

/**
 * Give an expression back to its entry after a successful evaluation (failed ones are dropped:
 * branches may still run). An entry evicted meanwhile only keeps it until it is collected.
 */
export function releaseExpression(entry: ExpressionEntry, pooled: PooledExpression): void {
  pooled.slot.current = null;
  if (entry.idle.length < MAX_IDLE_PER_SOURCE) entry.idle.push(pooled);
}
