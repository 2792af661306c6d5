// Shapes of the run view API (GET /api/v1/runs/:runId/view) and the step inspector API
// (GET /api/v1/runs/:runId/steps/:stepKey). Isomorphic: the pages render these.
import type { DraftGraph } from "@/lib/model/draft-graph";
import type { RunEventMessage } from "./sse-messages";
import type { RunStatus, StepStatus, TaskStatus } from "@/lib/model/vocabulary";

export interface RunViewRun {
  id: string;
  status: RunStatus;
  trigger: string;
  workflowId: string;
  workflowName: string | null;
  versionId: string;
  version: number | null;
  initiatorId: string | null;
  initiatorName: string | null;
  cancelledById: string | null;
  cancelledByName: string | null;
  input: unknown;
  output: unknown;
  error: { message?: string; code?: string; stepKey?: string } | null;
  outcome: string | null;
  waitingOn: string | null;
  tokens: number;
  costUsd: number;
  createdAt: string;
  startedAtMs: number | null;
  finishedAtMs: number | null;
  parentRunId: string | null;
  parentStepKey: string | null;
  sourceRunId: string | null;
}

/**
 * A step's status as the run page shows it: a stored step status, or `compensated` once a
 * `step.compensated` event says its undo step ran (the row itself keeps `succeeded`).
 */
export type StepViewStatus = StepStatus | "compensated";

/** A step without its input/output (the inspector loads those). */
export interface StepSummary {
  stepKey: string;
  nodeId: string;
  kind: string;
  status: StepViewStatus;
  attempt: number;
  outputHandle: string | null;
  errorMessage: string | null;
  wakeAtMs: number | null;
  scheduledAtMs: number;
  startedAtMs: number | null;
  finishedAtMs: number | null;
}

export interface TaskSummary {
  id: string;
  stepKey: string;
  type: string;
  title: string;
  status: TaskStatus;
  createdAtMs: number;
  decidedAtMs: number | null;
  dueAtMs: number | null;
}

export interface RunLink {
  id: string;
  status: RunStatus;
  workflowName: string | null;
  parentStepKey: string | null;
  createdAt: string;
}

export interface RunView {
  run: RunViewRun;
  /** The pinned version's graph (null if it could not be read; `graphProblem` says why). */
  graph: DraftGraph | null;
  graphProblem: string | null;
  steps: StepSummary[];
  tasks: TaskSummary[];
  children: RunLink[];
  parent: RunLink | null;
  source: RunLink | null;
  /** Newest events, oldest first (older ones: GET …/view/events?before=<id>). */
  events: RunEventMessage[];
  hasOlderEvents: boolean;
  /** Highest RunEvent id of this run when read: subscribe to run:<id> from here. */
  cursor: number;
  /** Server clock when read (durations of running steps). */
  nowMs: number;
}

export interface StepAttempt {
  attempt: number;
  startedAtMs: number | null;
  endedAtMs: number | null;
  outcome: "running" | "succeeded" | "failed" | "retrying" | "interrupted" | "waiting" | "cancelled";
  reason: string | null;
  code: string | null;
  /** When a retry was scheduled for. */
  retryAtMs: number | null;
}

export interface ModelCallView {
  id: string;
  seq: number;
  model: string;
  providerId: string | null;
  request: unknown;
  response: unknown;
  error: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  atMs: number;
}

export interface DecisionView {
  id: string;
  userId: string;
  userName: string | null;
  decision: string;
  comment: string;
  diff: unknown;
  payload: unknown;
  atMs: number;
}

export interface TaskDetail extends TaskSummary {
  instructions: string;
  payload: unknown;
  result: unknown;
  quorum: number;
  assignees: { type: string; value: string }[];
  decisions: DecisionView[];
}

export interface StepDetail {
  runId: string;
  step: StepSummary & { input: unknown; output: unknown; error: unknown; idempotencyKey: string | null };
  node: { id: string; name: string; kind: string } | null;
  attempts: StepAttempt[];
  events: RunEventMessage[];
  modelCalls: ModelCallView[];
  task: TaskDetail | null;
  /** Child runs started by this step (sub-workflow). */
  children: RunLink[];
}
