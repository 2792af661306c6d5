// The base of every error that domain code throws for a caller to see. Domain code names a code from
// the catalogue, never an HTTP status; lib/api/errors.ts turns the code into a response.
import { errorCatalogue, type ErrorCode } from "./catalogue";

export interface Problem {
  path: string;
  message: string;
}

/** Brand shared by every copy of this module (Next bundles the instrumentation hook and routes apart). */
const BRAND = Symbol.for("switchyard.DomainError");

export class DomainError extends Error {
  /**
   * `x instanceof DomainError` holds for a DomainError from any bundle's copy of this class, so the
   * engine's errors (created in the instrumentation bundle) map to their status in route bundles.
   * Subclasses keep the ordinary prototype check.
   */
  static [Symbol.hasInstance](x: unknown): boolean {
    if (this !== DomainError) return Function.prototype[Symbol.hasInstance].call(this, x);
    return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
  }

  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? errorCatalogue[code].explain);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }

  /** The HTTP status lib/api answers with, read from the catalogue (domain code never names one). */
  get status(): number {
    return errorCatalogue[this.code]?.status ?? 500;
  }
}

/** A domain error carrying a list of problems (bad graph, input, payload); message joins them. */
export class ProblemsError extends DomainError {
  readonly problems: Problem[];
  constructor(code: ErrorCode, message: string, problems: Problem[] = []) {
    super(code, problems.length ? `${message}: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}` : message, problems);
    this.problems = problems;
  }
}

export const notFound = (what = "Resource") => new DomainError("not_found", `${what} not found.`);
export const forbidden = (msg = "Your role does not allow this action.") => new DomainError("forbidden", msg);
export const unauthorized = () => new DomainError("unauthorized", "Sign in to continue.");
