/**
 * The ONLY way to evaluate user expressions (JSONata) and `{{ }}` templates.
 * Guards: source length (MAX_EXPRESSION_LENGTH), a time budget of the expression's own work and
 * recursion depth (see expression-timebox.ts), and the serialized size of the scope and of the result.
 * Regexes run on RE2 (linear time, expression-regex.ts). When an isolated evaluator is installed
 * (expression-isolation.ts; the engine installs a worker-thread pool), only small, provably cheap
 * expressions run on the caller's thread, for at most a short slice (expression-inline.ts); the rest
 * runs where it can be stopped.
 */
import { ExpressionError, toExpressionError } from "./expression-error";
import { resolveLimits, type ExpressionLimits } from "./expression-limits";
import { INLINE_SLICE_MS } from "./expression-inline";
import { expressionIsolation, type ExpressionIsolation } from "./expression-isolation";
import {
  acquireExpression,
  compileCached,
  expressionEntry,
  releaseExpression,
  type CompileError,
  type CompileResult,
  type ExpressionEntry,
} from "./expression-pool";
import { Timebox } from "./expression-timebox";
import type { JsonValue } from "./json-value";
import { utf8Length } from "./json-size";
import type { ExpressionScope } from "./scope";
import { parseTemplate, stringifyPlaceholder, type TemplatePart } from "./template";

export { ExpressionError, isTransientExpressionError, type ExpressionErrorCode } from "./expression-error";
export { DEFAULT_EXPRESSION_LIMITS, MAX_EXPRESSION_LENGTH, type ExpressionLimits } from "./expression-limits";
export type { CompiledExpression, CompileError, CompileResult } from "./expression-pool";
export type { ExpressionScope, StepRecord, StepStatus } from "./scope";
export { buildScopeKeys, pathSegment, type ScopeKey } from "./scope-keys";
export type { TemplatePart } from "./template";

/** Syntax-check an expression (cached): for validation and as-you-type feedback. */
export function compileExpression(source: string): CompileResult {
  return compileCached(source);
}

export type CompileTemplateResult = { ok: true; parts: TemplatePart[] } | { ok: false; error: CompileError };

/** Syntax-check a template and every placeholder; positions are offsets in the template. */
export function compileTemplate(template: string): CompileTemplateResult {
  let parts: TemplatePart[];
  try {
    parts = parseTemplate(template);
  } catch (err) {
    const e = toExpressionError(err);
    const code = e.code === "size" ? "size" : "syntax";
    return { ok: false, error: { message: e.message, position: e.position ?? 0, code } };
  }
  for (const part of parts) {
    if (part.type !== "expression") continue;
    const compiled = compileCached(part.source);
    if (!compiled.ok) return { ok: false, error: { ...compiled.error, position: compiled.error.position + part.offset } };
  }
  return { ok: true, parts };
}

/** JSONata function values (lambdas, built-ins) are not data: drop them like JSON drops JS functions. */
function dropFunctions(_key: string, value: unknown): unknown {
  if (typeof value === "function") return undefined;
  if (typeof value === "object" && value !== null && ("_jsonata_lambda" in value || "_jsonata_function" in value)) {
    return undefined;
  }
  return value;
}

function serialize(value: unknown, what: string): string | undefined {
  try {
    return JSON.stringify(value, dropFunctions);
  } catch (err) {
    throw new ExpressionError("runtime", `${what} is not JSON-serializable: ${(err as Error).message}`);
  }
}

function assertSize(text: string | undefined, max: number, what: string): void {
  if (text === undefined || !Number.isFinite(max)) return;
  // Characters are a lower bound of UTF-8 bytes, so skip the byte count for clearly oversized text.
  if (text.length > max || utf8Length(text) > max) {
    throw new ExpressionError("size", `${what} is larger than ${max} bytes of JSON`);
  }
}

function checkScopeSize(scope: ExpressionScope, limits: ExpressionLimits): void {
  if (Number.isFinite(limits.maxInputBytes)) assertSize(serialize(scope, "Scope"), limits.maxInputBytes, "Scope");
}

interface Evaluated {
  value: JsonValue;
  /** The evaluation's own work in ms (see Timebox.usedMs). */
  usedMs: number;
}

/**
 * Evaluate on this thread under the timebox. With `slice` (the isolated evaluator) this is an
 * inline-safe expression's first slice: longer than INLINE_SLICE_MS here is not a failure (the clock
 * here is wall time), it is handed to where it can be stopped. One async layer for both cases, and the
 * cache entry looked up once by the caller: every expression of every step runs this path, and each
 * lookup of the LRU cache re-inserts the entry into its Map (garbage that scavenges pay for).
 */
async function runInPlace(
  entry: ExpressionEntry,
  source: string,
  scope: ExpressionScope,
  limits: ExpressionLimits,
  slice: ExpressionIsolation | null,
): Promise<Evaluated> {
  const pooled = acquireExpression(entry);
  const timebox = new Timebox(limits, slice ? Math.min(limits.timeoutMs, INLINE_SLICE_MS) : limits.timeoutMs);
  pooled.slot.current = timebox;
  let result: unknown;
  try {
    result = await pooled.expr.evaluate(scope);
  } catch (err) {
    const e = timebox.abort() ?? toExpressionError(err);
    if (slice && e.code === "timeout") return slice.evaluate(source, scope, limits);
    throw e;
  }
  releaseExpression(entry, pooled);
  const text = serialize(result, "Result");
  assertSize(text, limits.maxOutputBytes, "Result");
  return { value: text === undefined ? null : (JSON.parse(text) as JsonValue), usedMs: timebox.usedMs() };
}

/** Not async itself (one promise less per evaluation): its callers are, so a throw here rejects theirs. */
function run(source: string, scope: ExpressionScope, limits: ExpressionLimits): Promise<Evaluated> {
  const entry = expressionEntry(source);
  const isolation = expressionIsolation();
  if (!isolation) return runInPlace(entry, source, scope, limits, null);
  if (!entry.result.ok) {
    const { code, message, position, jsonataCode } = entry.result.error;
    throw new ExpressionError(code, message, { position, jsonataCode });
  }
  if (entry.inline) return runInPlace(entry, source, scope, limits, isolation);
  return isolation.evaluate(source, scope, limits);
}

/**
 * Evaluate a JSONata expression against the scope (`$` is the scope root). Resolves to plain JSON
 * (no match / undefined → null). Rejects with an ExpressionError.
 */
export async function evaluateExpression(source: string, scope: ExpressionScope, limits?: Partial<ExpressionLimits>): Promise<JsonValue> {
  const resolved = resolveLimits(limits);
  checkScopeSize(scope, resolved);
  return (await run(source, scope, resolved)).value;
}

/**
 * Evaluate on the calling thread whatever is installed: for the isolated evaluator itself (the
 * expression worker thread), which must not hand the work on again.
 */
export async function evaluateExpressionInPlace(source: string, scope: ExpressionScope, limits: ExpressionLimits): Promise<Evaluated> {
  checkScopeSize(scope, limits);
  return runInPlace(expressionEntry(source), source, scope, limits, null);
}

/**
 * Render a template: text with `{{ expression }}` placeholders. Strings are inserted as-is,
 * null/undefined as "", other values as JSON. The time budget covers the whole template.
 */
export async function renderTemplate(template: string, scope: ExpressionScope, limits?: Partial<ExpressionLimits>): Promise<string> {
  const resolved = resolveLimits(limits);
  const parts = parseTemplate(template);
  if (parts.some((p) => p.type === "expression")) checkScopeSize(scope, resolved);
  let used = 0;
  let out = "";
  for (const part of parts) {
    if (part.type === "text") {
      out += part.text;
      continue;
    }
    const remaining = resolved.timeoutMs - used;
    if (remaining <= 0) throw new ExpressionError("timeout", `Template used more than its ${resolved.timeoutMs} ms time budget`);
    try {
      const r = await run(part.source, scope, { ...resolved, timeoutMs: remaining });
      used += r.usedMs;
      out += stringifyPlaceholder(r.value);
    } catch (err) {
      throw toExpressionError(err).shifted(part.offset);
    }
    assertSize(out, resolved.maxOutputBytes, "Rendered template");
  }
  return out;
}
