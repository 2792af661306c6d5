// Structured JSON logs (pino, one object per line on stdout) with the run, step and trace ids, so a
// log line leads to its trace and its run page. SWITCHYARD_LOG_LEVEL sets the level (default info).
import pino, { type Logger } from "pino";
import { runTraceIds } from "./trace-ids";

const g = globalThis as unknown as { __switchyardLogger?: Logger };

export function logger(): Logger {
  g.__switchyardLogger ??= pino({
    level: process.env.SWITCHYARD_LOG_LEVEL ?? "info",
    base: { service: process.env.OTEL_SERVICE_NAME ?? "switchyard" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
  return g.__switchyardLogger;
}

/** The fields a log line about a run (and step) carries: run_id, step_key, trace_id. */
export function runLogFields(extra: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!extra) return {};
  const { runId, stepKey, ...rest } = extra;
  if (typeof runId !== "string") return extra;
  return { ...rest, run_id: runId, ...(typeof stepKey === "string" ? { step_key: stepKey } : {}), trace_id: runTraceIds(runId).traceId };
}

/** The engine worker's log function, writing through pino. */
export function workerLog(level: "info" | "warn" | "error", msg: string, extra?: Record<string, unknown>): void {
  logger()[level]({ component: "worker", ...runLogFields(extra) }, msg);
}
