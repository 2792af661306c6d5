/**
 * `unavailable`: the evaluation could not finish for a reason that is not the expression's fault (the
 * isolated evaluator was starved of CPU, crashed or could not start). It is transient: the engine
 * retries the step instead of failing it. Every other code is the expression's own failure.
 */
export type ExpressionErrorCode = "syntax" | "timeout" | "depth" | "size" | "runtime" | "unavailable";

export interface ExpressionErrorOptions {
  /** Character offset in the source (JSONata reports the end of the offending token). */
  position?: number;
  /** The original JSONata error code, e.g. "S0201" or "T2002". */
  jsonataCode?: string;
}

/** Every failure of `compileExpression` / `evaluateExpression` / `renderTemplate` is one of these. */
export class ExpressionError extends Error {
  readonly code: ExpressionErrorCode;
  readonly position?: number;
  readonly jsonataCode?: string;

  constructor(code: ExpressionErrorCode, message: string, options: ExpressionErrorOptions = {}) {
    super(message);
    this.name = "ExpressionError";
    this.code = code;
    this.position = options.position;
    this.jsonataCode = options.jsonataCode;
  }

  /** Same error with its position shifted by `offset` (used for placeholders inside templates). */
  shifted(offset: number): ExpressionError {
    if (offset === 0) return this;
    return new ExpressionError(this.code, this.message, {
      position: this.position === undefined ? offset : this.position + offset,
      jsonataCode: this.jsonataCode,
    });
  }
}

/** An evaluation that should be tried again later rather than fail its step (see `unavailable`). */
export function isTransientExpressionError(err: unknown): err is ExpressionError {
  return err instanceof ExpressionError && err.code === "unavailable";
}

interface JsonataErrorLike {
  code?: unknown;
  message?: unknown;
  position?: unknown;
}

/** Normalise anything thrown by JSONata (plain objects with `code`/`position`) into an ExpressionError. */
export function toExpressionError(err: unknown): ExpressionError {
  if (err instanceof ExpressionError) return err;
  const e = (typeof err === "object" && err !== null ? err : {}) as JsonataErrorLike;
  const jsonataCode = typeof e.code === "string" ? e.code : undefined;
  const message = typeof e.message === "string" && e.message ? e.message : String(err);
  const position = typeof e.position === "number" ? e.position : undefined;
  const code = jsonataCode?.startsWith("S0") ? "syntax" : "runtime";
  return new ExpressionError(code, message, { position, jsonataCode });
}
