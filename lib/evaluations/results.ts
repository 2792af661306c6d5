// The numbers of an evaluation per target (pass rate, cost, latency p50/p95, escalation rate) and
// the rows whose pass/fail differs between the target and the comparison. Pure: computed from the
// evaluation's rows, stored in Evaluation.totals when it finishes and shown live while it runs.
import { percentiles } from "@/lib/monitoring/dashboard-stats";

export interface RowOutcome {
  position: number;
  target: "a" | "b";
  status: string;
  pass: boolean | null;
  costUsd: number | null;
  latencyMs: number | null;
  escalated: boolean | null;
}

export interface TargetSummary {
  rows: number;
  done: number;
  passed: number;
  /** passed / done (0..1); null before any row is done. */
  passRate: number | null;
  costUsd: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** escalated / done (0..1); null before any row is done. */
  escalationRate: number | null;
}

export interface EvaluationTotals {
  a: TargetSummary;
  b: TargetSummary | null;
  /** Dataset rows that passed on one target and failed on the other. */
  changed: { position: number; a: boolean; b: boolean }[];
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

export function summarize(rows: RowOutcome[]): TargetSummary {
  const done = rows.filter((r) => r.status === "done");
  const passed = done.filter((r) => r.pass === true).length;
  const lat = percentiles(done.map((r) => r.latencyMs ?? 0));
  return {
    rows: rows.length,
    done: done.length,
    passed,
    passRate: done.length ? round(passed / done.length, 4) : null,
    costUsd: round(
      done.reduce((s, r) => s + (r.costUsd ?? 0), 0),
      6,
    ),
    latencyP50Ms: lat.p50,
    latencyP95Ms: lat.p95,
    escalationRate: done.length ? round(done.filter((r) => r.escalated === true).length / done.length, 4) : null,
  };
}

export function evaluationTotals(rows: RowOutcome[], compared: boolean): EvaluationTotals {
  const a = rows.filter((r) => r.target === "a");
  const b = rows.filter((r) => r.target === "b");
  const bByPosition = new Map(b.map((r) => [r.position, r]));
  const changed: EvaluationTotals["changed"] = [];
  for (const ra of a) {
    const rb = bByPosition.get(ra.position);
    if (!rb || ra.status !== "done" || rb.status !== "done") continue;
    if ((ra.pass === true) !== (rb.pass === true)) changed.push({ position: ra.position, a: ra.pass === true, b: rb.pass === true });
  }
  return { a: summarize(a), b: compared ? summarize(b) : null, changed };
}
