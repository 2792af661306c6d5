// Shapes of GET /api/v1/dashboard?range=… (isomorphic: the dashboard renders them as charts and tables).
import type { RunStatus } from "@/lib/model/vocabulary";
export const DASHBOARD_RANGES = ["1h", "24h", "7d", "30d"] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

export interface Percentiles {
  count: number;
  p50: number | null;
  p95: number | null;
}

export interface DashboardData {
  range: DashboardRange;
  fromMs: number;
  toMs: number;
  bucketMs: number;
  totals: { runs: number; finished: number; succeeded: number; failed: number; active: number; costUsd: number; tokens: number };
  byStatus: { status: RunStatus; count: number }[];
  /** Finished runs in range by outcome (runs without one left out), most first. */
  byOutcome: { outcome: string; count: number }[];
  /** Runs started and finished per bucket (bucket start in epoch ms). */
  throughput: { atMs: number; started: number; finished: number }[];
  /** Percentiles over the newest finished runs of the range, at most DURATION_SAMPLE_RUNS (lib/db/dashboard-read.ts). */
  duration: Percentiles;
  /** The duration percentiles read only the newest runs of the range (the page says so). */
  durationSampleLimited: boolean;
  /** Human wait percentiles read only the newest decisions of the range. */
  humanWaitSampleLimited: boolean;
  durationByWorkflow: ({ workflowId: string; workflowName: string | null } & Percentiles)[];
  failureByWorkflow: { workflowId: string; workflowName: string | null; finished: number; failed: number; rate: number }[];
  /** Task created → decided, for tasks decided by people in the range. */
  humanWait: Percentiles & { open: number; oldestOpenMs: number | null };
  costByWorkflowModel: { workflowId: string; workflowName: string | null; model: string; calls: number; tokens: number; costUsd: number }[];
  slowestSteps: {
    workflowId: string;
    workflowName: string | null;
    nodeId: string;
    nodeName: string | null;
    kind: string;
    count: number;
    avgMs: number;
    maxMs: number;
  }[];
  failingSteps: {
    workflowId: string;
    workflowName: string | null;
    nodeId: string;
    nodeName: string | null;
    kind: string;
    runs: number;
    failed: number;
    rate: number;
  }[];
  /** Step statistics read only the newest runs of the range beyond this many (a note on the page says so). */
  stepSample: { runs: number; limited: boolean };
}
