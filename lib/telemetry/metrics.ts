// Prometheus metrics of this process (prom-client), served at /api/metrics behind a token. Counters
// and histograms are fed by the engine's telemetry port; the queue, task and decision gauges are
// read from the database when scraped (lib/db/metrics-read.ts), so they hold for every worker
// process, not only this one. Names follow Prometheus conventions (base units, _total counters).
import { Counter, Gauge, Histogram, Registry } from "prom-client";

export interface Metrics {
  registry: Registry;
  stepDuration: Histogram<"kind" | "status">;
  stepRetries: Counter<"kind">;
  leaseLosses: Counter;
  runsFinished: Counter<"status">;
  modelTokens: Counter<"model" | "type">;
  modelSpend: Counter<"model">;
  readyRuns: Gauge;
  readyRunOldestAge: Gauge;
  tasksOpen: Gauge;
  tasksOverdue: Gauge;
  decisionsLastMinute: Gauge;
  sseClients: Gauge;
}

function create(): Metrics {
  const registry = new Registry();
  const m = (x: { name: string; help: string }) => ({ ...x, registers: [registry] });
  return {
    registry,
    stepDuration: new Histogram({
      ...m({ name: "switchyard_step_duration_seconds", help: "Time from a step's start to its end, by node kind and outcome" }),
      labelNames: ["kind", "status"] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
    }),
    stepRetries: new Counter({
      ...m({ name: "switchyard_step_retries_total", help: "Step attempts that failed and were retried" }),
      labelNames: ["kind"] as const,
    }),
    leaseLosses: new Counter(m({ name: "switchyard_lease_losses_total", help: "Runs whose lease this worker lost while driving them" })),
    runsFinished: new Counter({
      ...m({ name: "switchyard_runs_finished_total", help: "Runs finished by this worker, by status" }),
      labelNames: ["status"] as const,
    }),
    modelTokens: new Counter({
      ...m({ name: "switchyard_model_tokens_total", help: "Model tokens used, by model and type (input, output)" }),
      labelNames: ["model", "type"] as const,
    }),
    modelSpend: new Counter({
      ...m({ name: "switchyard_model_spend_usd_total", help: "Model spend in US dollars, by model" }),
      labelNames: ["model"] as const,
    }),
    readyRuns: new Gauge(m({ name: "switchyard_ready_runs", help: "Runs due now and not held by a worker (the queue depth)" })),
    readyRunOldestAge: new Gauge(
      m({ name: "switchyard_ready_run_oldest_age_seconds", help: "How long the oldest due run has been waiting for a worker" }),
    ),
    tasksOpen: new Gauge(m({ name: "switchyard_tasks_open", help: "Open inbox tasks" })),
    tasksOverdue: new Gauge(m({ name: "switchyard_tasks_overdue", help: "Open inbox tasks past their due time" })),
    decisionsLastMinute: new Gauge(m({ name: "switchyard_decisions_per_minute", help: "Task decisions recorded in the last 60 seconds" })),
    sseClients: new Gauge(m({ name: "switchyard_sse_clients", help: "Live-update (SSE) listeners connected to this process" })),
  };
}

const g = globalThis as unknown as { __switchyardMetrics?: Metrics };

/** The process's metrics (one registry per process, shared by every route bundle and the worker). */
export function metrics(): Metrics {
  g.__switchyardMetrics ??= create();
  return g.__switchyardMetrics;
}

/** A fresh, unshared set (tests and benchmarks). */
export function createMetrics(): Metrics {
  return create();
}
