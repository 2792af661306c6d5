// The engine's telemetry port: traces (run → step → model call / HTTP call) and the counters an
// operator alerts on. The engine only calls this interface; lib/telemetry implements it with
// OpenTelemetry and Prometheus. The default is the no-op below, so a worker without telemetry pays
// one predictable branch per step and nothing else.
import type { SafeFetchInit } from "@/lib/security/safe-fetch";

export type SpanAttributes = Record<string, string | number | boolean | undefined>;

/** A span in progress. */
export interface TelemetrySpan {
  setAttributes(a: SpanAttributes): void;
  /** Mark the span failed with this error (message and code). */
  fail(error: unknown): void;
  end(endMs?: number): void;
}

/** Tracing inside one step's execution (an executor opens child spans through it). */
export interface StepTrace {
  /** A child span of the step around `fn` (a model call: GenAI semantic conventions). */
  span<T>(name: string, attributes: SpanAttributes, fn: (span: TelemetrySpan) => Promise<T>): Promise<T>;
  /** The safe fetch, with a client span per request and the W3C `traceparent` header sent along. */
  wrapFetch(fetch: (url: string, init: SafeFetchInit) => Promise<Response>): (url: string, init: SafeFetchInit) => Promise<Response>;
  /** A model call's usage (tokens and spend per model, for the metrics). */
  modelUsage(model: string, inputTokens: number, outputTokens: number, costUsd: number): void;
}

export interface StepInfo {
  runId: string;
  workflowId: string;
  stepKey: string;
  nodeId: string;
  kind: string;
  attempt: number;
}

/** A step that ended (or parked) in a committed batch. */
export interface StepEnded extends StepInfo {
  status: string;
  outputHandle: string | null;
  startedAtMs: number | null;
  finishedAtMs: number | null;
  error: unknown;
}

export interface RunEnded {
  runId: string;
  workflowId: string;
  versionId: string;
  status: string;
  trigger?: string;
  startedAtMs: number | null;
  finishedAtMs: number | null;
  error: unknown;
}

export interface Telemetry {
  readonly enabled: boolean;
  /** An effect step starts executing: its span is open until `end` (children attach to it). */
  startStep(step: StepInfo): { trace: StepTrace; end(outcome: { ok: boolean; error?: unknown }): void };
  /** Steps a commit finished: spans for the ones that ran in memory, latency histograms for all. */
  stepsCommitted(workflowId: string, steps: readonly StepEnded[]): void;
  /** A step's attempt failed and will be retried. */
  retried(kind: string): void;
  runEnded(run: RunEnded): void;
  leaseLost(): void;
}

const noopSpan: TelemetrySpan = { setAttributes: () => undefined, fail: () => undefined, end: () => undefined };
const noopTrace: StepTrace = { span: (_n, _a, fn) => fn(noopSpan), wrapFetch: (f) => f, modelUsage: () => undefined };
const noopStep = { trace: noopTrace, end: () => undefined };

export const noopTelemetry: Telemetry = {
  enabled: false,
  startStep: () => noopStep,
  stepsCommitted: () => undefined,
  retried: () => undefined,
  runEnded: () => undefined,
  leaseLost: () => undefined,
};
