// Named engine errors. Each is a DomainError with a code from the catalogue (lib/errors), which lib/api
// maps to a response; executors throw RetryableError / NonRetriableError to steer retries.

import { DomainError, ProblemsError, type Problem } from "@/lib/errors/domain-error";
import type { ErrorCode } from "@/lib/errors/catalogue";
import { ExpressionError } from "@/lib/model/expression-error";

export type { Problem };

export class EngineError extends DomainError {
  constructor(message: string, code: ErrorCode = "engine_error") {
    super(code, message);
  }
}

export class NotFoundError extends EngineError {
  constructor(message: string) {
    super(message, "not_found");
  }
}

export class ConflictError extends EngineError {
  constructor(message: string, code: ErrorCode = "conflict") {
    super(message, code);
  }
}

export class ForbiddenError extends EngineError {
  constructor(message: string) {
    super(message, "forbidden");
  }
}

/** Bad input (graph, run input, decision payload): validation_failed with the list of problems. */
export class ValidationError extends ProblemsError {
  constructor(message: string, problems: Problem[] = [], code: ErrorCode = "validation_failed") {
    super(code, message, problems);
  }
}

/** Too large a payload or input. */
export class PayloadTooLargeError extends EngineError {
  constructor(message: string) {
    super(message, "payload_too_large");
  }
}

/** The worker lost its lease (fencing token changed): nothing of the current transaction was committed. */
export class LeaseLostError extends EngineError {
  constructor(message: string) {
    super(message, "lease_lost");
  }
}

/** A failure class used by retry policies (see lib/model/retry-policy.ts). */
export type FailureKind = "timeout" | "network" | "http_5xx" | "http_429" | "other";

/** A step failure that may succeed when tried again (subject to the node's retry policy). */
export class RetryableError extends Error {
  readonly kind: FailureKind;
  readonly errorCode: string;
  /** The remote asked us to wait this long (a Retry-After header): the next attempt waits at least this. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, opts: { kind?: FailureKind; code?: string; retryAfterMs?: number } = {}) {
    super(message);
    this.kind = opts.kind ?? "other";
    this.errorCode = opts.code ?? this.kind;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** A step failure that never succeeds by retrying (bad config, 4xx, expression error). */
export class NonRetriableError extends Error {
  readonly errorCode: string;
  constructor(message: string, code = "non_retriable") {
    super(message);
    this.errorCode = code;
  }
}

/** JSON error stored on Step.error / Run.error and routed down `error` handles. */
export interface StepErrorInfo {
  message: string;
  code: string;
  stepKey?: string;
  /** compensation_failed: what the run was compensating for. */
  cause?: StepErrorInfo;
}

/** What a failed step stores: the message and a stable code of the error an executor threw. */
export function errorInfo(err: unknown): StepErrorInfo {
  if (err instanceof RetryableError || err instanceof NonRetriableError) return { message: err.message, code: err.errorCode };
  if (err instanceof ExpressionError) return { message: `Expression error: ${err.message}`, code: `expression_${err.code}` };
  if (err instanceof Error) return { message: err.message, code: "error" };
  return { message: String(err), code: "error" };
}
