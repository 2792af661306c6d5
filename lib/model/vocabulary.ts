// The one vocabulary of run, step and task states, shared by the engine, the database layer, the API
// schemas and the browser. Isomorphic and free of zod: client components import it without cost.
// Every other list of statuses is derived from these.

export const RUN_STATUSES = [
  "queued",
  "running",
  "waiting",
  "compensating",
  "succeeded",
  "failed",
  "cancelled",
  "compensated",
  "compensation_failed",
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A run in one of these states may still change: it holds or awaits work. */
export const ACTIVE_RUN_STATUSES = ["queued", "running", "waiting", "compensating"] as const satisfies readonly RunStatus[];
export type ActiveRunStatus = (typeof ACTIVE_RUN_STATUSES)[number];

/** A run in one of these states never changes again (except by an explicit retry or rerun). */
export const TERMINAL_RUN_STATUSES = [
  "succeeded",
  "failed",
  "cancelled",
  "compensated",
  "compensation_failed",
] as const satisfies readonly RunStatus[];
export type TerminalRunStatus = (typeof TERMINAL_RUN_STATUSES)[number];

export function isActiveRun(status: string): status is ActiveRunStatus {
  return (ACTIVE_RUN_STATUSES as readonly string[]).includes(status);
}
export function isTerminalRun(status: string): status is TerminalRunStatus {
  return (TERMINAL_RUN_STATUSES as readonly string[]).includes(status);
}

/** SQL list literal of the active statuses, e.g. `"status" IN ('queued',…)` (constants only, no input). */
export const ACTIVE_RUN_SQL_LIST = `(${ACTIVE_RUN_STATUSES.map((s) => `'${s}'`).join(",")})`;
/**
 * SQL list literal of the terminal statuses. Written exactly so in the predicate of the partial index
 * `Run_rollup_backlog_idx` (migration 0032): SQLite uses a partial index only when the query repeats
 * its predicate's terms, so a query meant to use it writes `"status" IN ${TERMINAL_RUN_SQL_LIST}`.
 */
export const TERMINAL_RUN_SQL_LIST = `(${TERMINAL_RUN_STATUSES.map((s) => `'${s}'`).join(",")})`;

export const STEP_STATUSES = ["pending", "running", "waiting", "succeeded", "failed", "skipped", "cancelled"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const TASK_STATUSES = ["open", "approved", "rejected", "timed_out", "cancelled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** What one reviewer answers on a task. */
export const TASK_DECISIONS = ["approve", "reject"] as const;
export type TaskDecision = (typeof TASK_DECISIONS)[number];
