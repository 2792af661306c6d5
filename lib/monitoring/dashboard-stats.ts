// Pure helpers of the dashboard: time ranges, their buckets and nearest-rank percentiles (the kinds
// left out of "slowest steps" come from the node-kind registry: step-outcome.ts).
// lib/db/dashboard-read.ts computes the dashboard with them.
import type { DashboardRange, Percentiles } from "./dashboard-types";

export const RANGE_MS: Record<DashboardRange, number> = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};
export const BUCKET_MS: Record<DashboardRange, number> = { "1h": 300_000, "24h": 3_600_000, "7d": 6 * 3_600_000, "30d": 86_400_000 };

/** Nearest-rank percentiles: the smallest value whose rank reaches p·n. */
export function percentiles(values: number[]): Percentiles {
  if (!values.length) return { count: 0, p50: null, p95: null };
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.max(0, Math.ceil(p * s.length) - 1)];
  return { count: s.length, p50: at(0.5), p95: at(0.95) };
}
