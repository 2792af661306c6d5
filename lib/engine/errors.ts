// Named engine errors. Each carries an HTTP `status` and a `code` so lib/api maps it to a response
// without knowing the engine; executors throw RetryableError / NonRetriableError to steer retries.

export interface Problem {
  path: string;
  message: string;
}

export class EngineError extends Error {
  readonly status: number = 500;
  readonly code: string = "engine_error";
}

export class NotFoundError extends EngineError {
  override readonly status = 404;
  override readonly code = "not_found";
}

export class ConflictError extends EngineError {
  override readonly status = 409;
  override readonly code: string;
  constructor(message: string, code = "conflict") {
    super(message);
    this.code = code;
  }
}

export class ForbiddenError extends EngineError {
  override readonly status = 403;
  override readonly code = "forbidden";
}

/** Bad input (graph, run input, decision payload): 422 with the list of problems. */
export class ValidationError extends EngineError {
  override readonly status: number;
  override readonly code = "validation_failed";
  readonly problems: Problem[];
  constructor(message: string, problems: Problem[] = [], status = 422) {
    super(problems.length ? `${message}: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}` : message);
    this.problems = problems;
    this.status = status;
  }
}

/** Too large a payload or input. */
export class PayloadTooLargeError extends EngineError {
  override readonly status = 413;
  override readonly code = "payload_too_large";
}

/** The worker lost its lease (fencing token changed): nothing of the current transaction was committed. */
export class LeaseLostError extends EngineError {
  override readonly code = "lease_lost";
}

/** A failure class used by retry policies (see lib/workflow/retry-policy.ts). */
export type FailureKind = "timeout" | "network" | "http_5xx" | "http_429" | "other";

/** A step failure that may succeed when tried again (subject to the node's retry policy). */
export class RetryableError extends Error {
  readonly kind: FailureKind;
  readonly errorCode: string;
  constructor(message: string, opts: { kind?: FailureKind; code?: string } = {}) {
    super(message);
    this.kind = opts.kind ?? "other";
    this.errorCode = opts.code ?? this.kind;
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
