// Shapes of GET /api/v1/dashboard (isomorphic; filled in with the dashboard).
export const DASHBOARD_RANGES = ["1h", "24h", "7d", "30d"] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

export interface DashboardData {
  range: DashboardRange;
  fromMs: number;
  toMs: number;
}
