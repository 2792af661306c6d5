// What each node kind does when the interpreter reaches it. Three shapes:
//  - deterministic kinds compute `start` in memory (may be recomputed after a crash);
//  - wait kinds return a `wait` outcome from `start` and are re-examined by `resume` when woken;
//  - effect kinds (`effect: true`) run `execute` outside any transaction, with an idempotency key.
import type { NodeKind } from "@/lib/model/node-kind";
import type { WorkflowNodeOf } from "@/lib/model/graph-schema";
import type { ExpressionScope } from "@/lib/model/scope";
import type {
  ChildRunSummary,
  ExecutorContext,
  ExecutorResult,
  RunRecord,
  StepRecord,
  TaskRecord,
  TaskSpec,
  VersionRecord,
} from "../ports";

export interface StartContext {
  run: RunRecord;
  stepKey: string;
  scope: ExpressionScope;
  now: number;
  /** Taken incoming edges' sources (joins): name and output. */
  takenSources: { nodeId: string; name: string; output: unknown }[];
  /** Sub-workflows: find a published version by number, or the live one ("latest"). */
  resolveVersion?: (workflowId: string, version: number | "latest") => Promise<VersionRecord | null>;
  /** Ids of rows the step creates (a sub-workflow's child run). */
  newId: () => string;
}

/** A child run a waiting step starts (sub-workflow); created in the same commit as the step. */
export interface ChildRunSpec {
  id: string;
  workflowId: string;
  versionId: string;
  input: unknown;
}

export type { TaskSpec };

export type NodeOutcome =
  | { type: "succeeded"; output: unknown; handle: string }
  | { type: "wait"; wakeAtMs: number | null; reason: string; input?: unknown; task?: TaskSpec; child?: ChildRunSpec };

export interface ResumeContext {
  now: number;
  step: StepRecord;
  task: TaskRecord | undefined;
  /** Sub-workflows: the child run this step started. */
  child?: ChildRunSummary;
}

export type ResumeOutcome =
  | { type: "succeeded"; output: unknown; handle: string; closeTask?: "timed_out" }
  /** `wakeAtMs`: look again then (e.g. an escalation is due but not applied yet). */
  | { type: "still_waiting"; wakeAtMs?: number }
  | { type: "failed"; error: unknown };

export interface Executor<K extends NodeKind = NodeKind> {
  kind: K;
  effect: boolean;
  start?(node: WorkflowNodeOf<K>, ctx: StartContext): Promise<NodeOutcome>;
  resume?(node: WorkflowNodeOf<K>, ctx: ResumeContext): ResumeOutcome;
  /** Effects: build the stored step input (e.g. the rendered request) before the call. */
  prepare?(node: WorkflowNodeOf<K>, ctx: StartContext): Promise<unknown>;
  execute?(node: WorkflowNodeOf<K>, prepared: unknown, ctx: ExecutorContext): Promise<ExecutorResult>;
}
