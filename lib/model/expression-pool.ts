import jsonata from "jsonata";
import { ExpressionError, toExpressionError } from "./expression-error";
import { MAX_EXPRESSION_LENGTH } from "./expression-limits";
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

interface CacheEntry {
  result: CompileResult;
  idle: PooledExpression[];
}

const CACHE_SIZE = 500;
const MAX_IDLE_PER_SOURCE = 4;
const cache = new LruCache<string, CacheEntry>(CACHE_SIZE);

/**
 * `$eval` would run JSONata built from data at run time (e.g. from the run input): code nobody
 * validated at design time. Workflow expressions are static, so it is switched off.
 */
function disableEval(expr: jsonata.Expression): void {
  expr.registerFunction("eval", () => {
    throw new ExpressionError("runtime", "$eval is not available in workflow expressions");
  });
}

function instantiate(source: string): PooledExpression {
  const expr = jsonata(source);
  disableEval(expr);
  return { expr, slot: installTimebox(expr) };
}

function entryFor(source: string): CacheEntry {
  const cached = cache.get(source);
  if (cached) return cached;
  let entry: CacheEntry;
  if (source.length > MAX_EXPRESSION_LENGTH) {
    const message = `Expression is longer than ${MAX_EXPRESSION_LENGTH} characters`;
    entry = { result: { ok: false, error: { message, position: MAX_EXPRESSION_LENGTH, code: "size" } }, idle: [] };
  } else {
    try {
      const pooled = instantiate(source);
      entry = { result: { ok: true, expr: { source, ast: pooled.expr.ast() } }, idle: [pooled] };
    } catch (err) {
      const e = toExpressionError(err);
      const error: CompileError = { message: e.message, position: e.position ?? 0, code: "syntax", jsonataCode: e.jsonataCode };
      entry = { result: { ok: false, error }, idle: [] };
    }
  }
  cache.set(source, entry);
  return entry;
}

export function compileCached(source: string): CompileResult {
  return entryFor(source).result;
}

/**
 * Take a compiled expression for exclusive use. Exclusive because JSONata keeps per-evaluation
 * state on the compiled object (the `$now()` timestamp, our timebox slot).
 */
export function acquireExpression(source: string): PooledExpression {
  const entry = entryFor(source);
  if (!entry.result.ok) {
    const { code, message, position, jsonataCode } = entry.result.error;
    throw new ExpressionError(code, message, { position, jsonataCode });
  }
  return entry.idle.pop() ?? instantiate(source);
}

/** Give an expression back after a successful evaluation (failed ones are dropped: branches may still run). */
export function releaseExpression(source: string, pooled: PooledExpression): void {
  pooled.slot.current = null;
  const entry = cache.get(source);
  if (entry && entry.idle.length < MAX_IDLE_PER_SOURCE) entry.idle.push(pooled);
}
