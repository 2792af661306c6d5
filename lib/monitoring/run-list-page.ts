// Shapes of the runs list (isomorphic: the page renders them, lib/db/run-list-read.ts produces them).

export interface RunListRow {
  id: string;
  workflowId: string;
  workflowName: string | null;
  versionId: string;
  version: number | null;
  status: string;
  outcome: string | null;
  trigger: string;
  initiatorId: string | null;
  initiatorName: string | null;
  parentRunId: string | null;
  sourceRunId: string | null;
  /** A test run of a draft (listed only when the filter asks for test runs). */
  isTest?: boolean;
  waitingOn: string | null;
  openTask: { id: string; title: string } | null;
  openTasks: number;
  tokens: number;
  costUsd: number;
  createdAt: string;
  startedAtMs: number | null;
  finishedAtMs: number | null;
  durationMs: number | null;
  error: string | null;
}

export interface RunListPage {
  rows: RunListRow[];
  /** Exact up to COUNT_CAP; beyond it `totalIsExact` is false and total is the cap. */
  total: number;
  totalIsExact: boolean;
  pageSize: number;
  /** Keyset cursors of the pages before and after this one (null: there is none). */
  prevCursor: string | null;
  nextCursor: string | null;
}

/** Counting every match of a broad filter costs a scan of the table; bulk actions count to this and say "10,000+" beyond (the list counts to 1,000). */
export const COUNT_CAP = 10_000;
