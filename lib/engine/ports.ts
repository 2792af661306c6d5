// The engine's ports: everything lib/engine needs from the outside world. The SQL implementation is
// lib/db/engine-store.ts; executors receive an ExecutorContext. Nothing here imports a database,
// a framework or a model SDK.
import type { RunStatus, StepStatus, TaskStatus } from "@/lib/model/vocabulary";
export type { RunStatus, StepStatus, TaskStatus } from "@/lib/model/vocabulary";

/** One audit record to append (lib/db/audit-store.ts writes it, hash-chained, in the caller's transaction). */
export interface AuditInput {
  atMs: number;
  actorId: string | null;
  actorType?: "user" | "system" | "api_key";
  action: string;
  targetType: string;
  targetId: string;
  data?: Record<string, unknown>;
}
import type { SafeFetchInit } from "@/lib/security/safe-fetch";
import type { StepTrace } from "./telemetry";

export interface RunRecord {
  id: string;
  workflowId: string;
  versionId: string;
  status: RunStatus;
  trigger: string;
  input: unknown;
  output: unknown;
  error: unknown;
  /** What the run came to besides its status (lib/model/run-outcome.ts); null when none. */
  outcome: string | null;
  initiatorId: string | null;
  cancelledById: string | null;
  waitingOn: string | null;
  readyAtMs: number | null;
  leaseOwner: string | null;
  leaseExpiresMs: number | null;
  fencingToken: number;
  createdAt: string;
  startedAtMs: number | null;
  finishedAtMs: number | null;
  updatedAtMs: number;
  /** A test run of a draft snapshot (absent on records that predate the flag: false). */
  isTest?: boolean;
  /** Sub-workflow child runs: the parent run and its waiting step; depth 0 for top-level runs. */
  parentRunId?: string | null;
  parentStepKey?: string | null;
  depth?: number;
  /** Reruns: the run this one was started from. */
  sourceRunId?: string | null;
}

/** What a parent needs to know about a child run. */
export interface ChildRunSummary {
  id: string;
  parentStepKey: string;
  status: RunStatus;
  output: unknown;
  error: unknown;
}

/** A child run created by a sub-workflow step, inside the parent's commit. */
export interface NewChildRun {
  id: string;
  workflowId: string;
  versionId: string;
  input: unknown;
  initiatorId: string | null;
  parentRunId: string;
  parentStepKey: string;
  depth: number;
}

export interface StepRecord {
  id: string;
  runId: string;
  stepKey: string;
  nodeId: string;
  kind: string;
  status: StepStatus;
  attempt: number;
  input: unknown;
  output: unknown;
  outputHandle: string | null;
  error: unknown;
  idempotencyKey: string | null;
  wakeAtMs: number | null;
  scheduledAtMs: number;
  startedAtMs: number | null;
  finishedAtMs: number | null;
}

export interface TaskAssigneeInput {
  type: "user" | "role";
  value: string;
}

export interface TaskRecord {
  id: string;
  runId: string;
  stepKey: string;
  workflowId: string;
  versionId: string;
  nodeId: string;
  type: string;
  title: string;
  instructions: string;
  payload: unknown;
  editableSchema: unknown;
  context: unknown;
  status: TaskStatus;
  quorum: number;
  rejectionPolicy: string;
  separationOfDuties: boolean;
  initiatorId: string | null;
  dueAtMs: number | null;
  escalation: unknown;
  escalationLevel: number;
  version: number;
  result: unknown;
  createdAtMs: number;
  decidedAtMs: number | null;
  /** The reviewer who claimed the task (only they may decide it while it is claimed). */
  claimedBy?: string | null;
  assignees: TaskAssigneeInput[];
}

export interface DecisionRecord {
  id: string;
  taskId: string;
  userId: string;
  decision: "approve" | "reject";
  comment: string;
  payload: unknown;
  diff: unknown;
  payloadHash: string;
  atMs: number;
  /** Out of office: the named assignee the decider stood in for (null when they decided for themselves). */
  onBehalfOf?: string | null;
}

export interface RunEventRecord {
  id: number;
  runId: string;
  type: string;
  stepKey: string | null;
  data: unknown;
  atMs: number;
}

export interface EventWrite {
  type: string;
  stepKey?: string | null;
  data?: Record<string, unknown>;
}

export type NewTask = Omit<TaskRecord, "version" | "result" | "decidedAtMs" | "status">;

/** One worker transaction: writes for steps, events and tasks of ONE run, fenced by its token. */
export interface CommitBatch {
  runId: string;
  fencingToken: number;
  atMs: number;
  /** Full rows (insert or update). A row already terminal in the database is never overwritten. */
  steps: StepRecord[];
  events: EventWrite[];
  newTasks?: NewTask[];
  /** Tasks closed by the engine (timeout, cancellation on run failure); only if still open. */
  closeTasks?: { id: string; status: "timed_out" | "cancelled"; result?: unknown; mustBeOpen: boolean }[];
  /** Cancel every task of the run that is still open (the run failed). */
  closeAllOpenTasks?: boolean;
  /** Sub-workflow children to create (queued, due now). */
  newRuns?: NewChildRun[];
  /** Cancel active child runs (and their descendants): all of them, or those of these steps. */
  cancelChildren?: { all: boolean; stepKeys: string[] };
  run: {
    status: RunStatus;
    output?: unknown;
    error?: unknown;
    /** Written when the run finishes (null unless it succeeded with one). */
    outcome?: string | null;
    waitingOn?: string | null;
    finished?: boolean;
  };
  /** Release the lease and set readyAtMs (unless a signal arrived meanwhile). */
  release?: { readyAtMs: number | null };
}

export interface CommitResult {
  /** A decision/cancel touched the run while we held it (reload state before continuing). */
  signalled: boolean;
  /** After a release: the run's readyAtMs (a signal may keep it due now). */
  readyAtMs: number | null;
}

export interface ClaimedRun {
  run: RunRecord;
  steps: StepRecord[];
  /**
   * The run's tasks, when the store read them in the same round trip (PostgreSQL); otherwise the
   * processor calls loadTasks if the steps need them.
   */
  tasks?: TaskRecord[];
}

/** A start's Idempotency-Key, recorded in the run's own transaction (lib/db/idempotency-store.ts). */
export interface RunIdempotency {
  /** Whose keys these are (a user, a webhook trigger): the same key in two scopes is two keys. */
  scope: string;
  key: string;
  /** Hash of the request body: the same key with another body is refused. */
  requestHash: string;
  /** The answer to repeat on a retry (the run as created). */
  response: unknown;
}

/** The start that already holds an Idempotency-Key. */
export interface IdempotentStart {
  requestHash: string;
  runId: string;
  response: unknown;
}

export interface NewRun {
  id: string;
  workflowId: string;
  versionId: string;
  trigger: string;
  input: unknown;
  initiatorId: string | null;
  /** Keyed hash of the run's data subject (lib/governance/subject-hash.ts); null when none is declared. */
  subjectHash?: string | null;
  steps: StepRecord[];
  events: EventWrite[];
  audit: AuditInput;
  /** Rerun: the run this one was started from. */
  sourceRunId?: string | null;
  idempotency?: RunIdempotency;
  /** A test run of a draft snapshot: kept out of production lists and statistics. */
  isTest?: boolean;
}

/** What a redrive (retry failed steps in place) reads inside its transaction. */
export interface RedriveContext {
  run: RunRecord;
  steps: StepRecord[];
  tasks: { id: string; stepKey: string; status: TaskStatus; dueAtMs: number | null }[];
  now: number;
}

/** Step rows to reset (matched on their previous status), tasks to reopen, events and audit. */
export interface RedrivePlan {
  steps: { step: StepRecord; fromStatus: StepStatus }[];
  reopenTaskIds: string[];
  events: EventWrite[];
  audit: AuditInput;
}

export interface VersionRecord {
  id: string;
  workflowId: string;
  version: number;
  graph: string;
  /** A test snapshot of the draft (never published, never live): only test runs start it. */
  test?: boolean;
  /** A test snapshot's pinned outputs, JSON `{ nodeId: { output, handle } }` (lib/model/pins.ts); null otherwise. */
  pins?: string | null;
}

/** What decideTask computes inside the transaction from the current task state. */
export interface DecisionPlan {
  decision: DecisionRecord;
  task: { status: TaskStatus; result: unknown; decidedAtMs: number | null };
  events: EventWrite[];
  audit: AuditInput;
  /** The task reached a final status: wake the run. */
  resolved: boolean;
}

export interface DecisionContext {
  task: TaskRecord;
  decisions: DecisionRecord[];
  run: Pick<RunRecord, "id" | "status" | "initiatorId" | "versionId">;
  now: number;
  /** Active (at `now`) out-of-office delegations of the task's named assignees. */
  delegations?: { userId: string; delegateId: string }[];
}

export interface RunListFilter {
  status?: RunStatus;
  workflowId?: string;
  outcome?: string;
  /** Test runs: left out (the default), shown with the others, or only them. */
  test?: "exclude" | "include" | "only";
  versionId?: string;
  /** Created at or after / at or before (epoch ms). */
  from?: number;
  to?: number;
  limit: number;
  cursor?: string;
}

export interface EngineStore {
  readonly dialect: "sqlite" | "postgresql";
  now(): Promise<number>;
  getVersion(versionId: string): Promise<VersionRecord | null>;
  /** The workflow's live version (what a run started by workflowId uses), or null (none, or deleted). */
  liveVersion(workflowId: string): Promise<VersionRecord | null>;
  /** Null when the run was created; with `run.idempotency`, the earlier start holding the key instead (nothing written). */
  createRun(run: NewRun): Promise<IdempotentStart | null>;
  /**
   * createRun with the run leased to a worker of this process in the same transaction (PostgreSQL:
   * round trip), as a claim would lease it (fencing token 1, `readyAtMs = leaseExpiresMs`), returning
   * what a claim returns: the claim, a write transaction of its own on either database, is saved.
   * Never with an Idempotency-Key. Optional: a store without it has every start claimed.
   */
  createLeasedRun?(run: NewRun, lease: { workerId: string; leaseMs: number }): Promise<ClaimedRun>;
  /** The live start recorded for an Idempotency-Key, if any. */
  findIdempotentStart(scope: string, key: string): Promise<IdempotentStart | null>;
  /** Claim up to `limit` runnable runs (ready and not leased, or lease expired) and load their steps. */
  claimRuns(workerId: string, limit: number, leaseMs: number): Promise<ClaimedRun[]>;
  /** Reload a run we hold (after a signal). */
  loadRun(runId: string): Promise<ClaimedRun | null>;
  loadTasks(runId: string): Promise<TaskRecord[]>;
  /** Child runs started by this run's sub-workflow steps. */
  loadChildRuns(runId: string): Promise<ChildRunSummary[]>;
  /** A published version by number, or the live one ("latest"). */
  findVersion(workflowId: string, version: number | "latest"): Promise<VersionRecord | null>;
  /** Throws LeaseLostError when the fencing token no longer matches (nothing is written). */
  commit(batch: CommitBatch): Promise<CommitResult>;
  /** Extend every lease this worker holds; returns the runs that were signalled meanwhile. */
  renewLeases(workerId: string, leaseMs: number): Promise<{ renewed: number; signalled: string[] }>;
  /** Give a run back without changes (shutdown): it becomes claimable at once. */
  releaseRun(runId: string, fencingToken: number): Promise<void>;
  /** Earliest readyAtMs among unleased active runs (for the wake-up timer). */
  nextReadyAt(): Promise<number | null>;
  /**
   * With `lease` (PostgreSQL, a worker of this process has a free slot): a run the decision resolves
   * and nobody holds is leased to that worker in the same script and returned as `claimed`.
   */
  decideTask(
    taskId: string,
    plan: (ctx: DecisionContext) => DecisionPlan,
    lease?: { workerId: string; leaseMs: number },
  ): Promise<{ task: TaskRecord; decision: DecisionRecord; claimed?: ClaimedRun }>;
  cancelRun(runId: string, byUserId: string | null, reason: string, audit: AuditInput | null): Promise<RunRecord>;
  /** Retry a failed run in place: one transaction (run must still be failed), then the run is queued again. */
  redriveRun(runId: string, plan: (ctx: RedriveContext) => RedrivePlan): Promise<RunRecord>;
  getRun(runId: string): Promise<RunRecord | null>;
  getSteps(runId: string): Promise<StepRecord[]>;
  getTasks(runId: string): Promise<TaskRecord[]>;
  getTask(taskId: string): Promise<TaskRecord | null>;
  getDecisions(taskId: string): Promise<DecisionRecord[]>;
  getEvents(runId: string, afterId?: number, limit?: number): Promise<RunEventRecord[]>;
  listRuns(filter: RunListFilter): Promise<{ runs: RunRecord[]; nextCursor: string | null }>;
  registerWorker(w: { id: string; pid: number; host: string }): Promise<void>;
  heartbeatWorker(id: string): Promise<void>;
  unregisterWorker(id: string): Promise<void>;
  liveWorkers(staleAfterMs: number): Promise<{ id: string; pid: number; host: string; heartbeatMs: number }[]>;
  /** Subscribe to cross-process wake-ups (PostgreSQL LISTEN); no-op on SQLite. */
  listen(onWake: () => void): Promise<() => Promise<void>>;
}

/** Wakes workers in this process (run started, task decided, timer due). */
export interface Notifier {
  notify(): void;
  subscribe(fn: () => void): () => void;
  /**
   * A slot of a worker in this process for a run being started here, reserved (null: no worker, or
   * none free). The run is then written already leased to that worker and handed to it, so it is
   * never claimed: one round trip and one commit less per run (see StartSlot).
   */
  reserveStart?(): StartSlot | null;
}

/** A worker slot reserved for a run this process starts: exactly one of `adopt` or `cancel` follows. */
export interface StartSlot {
  workerId: string;
  leaseMs: number;
  /** The run was written leased to `workerId`: drive it as if claimed. */
  adopt(claimed: ClaimedRun): void;
  /** The start wrote nothing or was not leased: free the slot. */
  cancel(): void;
}

/** Returns extra headers (e.g. Authorization) for a credential reference; arrives with the agent issue. */
export type CredentialResolver = (credentialId: string, use?: { initiatorId: string | null }) => Promise<Record<string, string>>;

export interface ExecutorContext {
  runId: string;
  stepKey: string;
  nodeId: string;
  attempt: number;
  /**
   * True when this is the first execution of the step's first attempt (this holder committed it
   * `running` just now): nothing was executed under the step's key before, so no sub-steps are stored
   * and the agent loop need not read them. Absent on retries, re-deliveries after a crash and
   * re-executions after a park.
   */
  firstExecution?: boolean;
  /** Stable per (runId, stepKey, attempt): send it to the remote side so it can deduplicate. */
  idempotencyKey: string;
  signal: AbortSignal;
  /** The node's resolved input (outputs of the upstream steps). */
  input: unknown;
  /** Expression scope ($.input, $.steps...). */
  scope: Record<string, unknown>;
  fetch: (url: string, init: SafeFetchInit) => Promise<Response>;
  resolveCredential?: CredentialResolver;
  /** Tasks this step parked on earlier (see ParkRequest), with their status and result. */
  tasks: TaskRecord[];
  /** Child runs this step parked on earlier (see ParkRequest), finished, keyed by parentStepKey. */
  children: ChildRunSummary[];
  /** Find a published workflow version (for child runs the step may start). */
  resolveVersion?: (workflowId: string, version: number | "latest") => Promise<VersionRecord | null>;
  /** The run's nesting depth (0 for a top-level run). */
  depth: number;
  /** Who started the run (child runs inherit it): credentials check their allowed roles against them. */
  initiatorId: string | null;
  /** Child spans of this step (model calls); absent when telemetry is off. */
  trace?: StepTrace;
  /** The AI-disclosure header this step's outbound HTTP calls carry (workflow setting), if any. */
  disclosure?: { name: string; value: string };
}

/** What a task created by the engine carries (the engine fills in ids, run, step and node). */
export type TaskSpec = Omit<NewTask, "id" | "runId" | "stepKey" | "workflowId" | "versionId" | "nodeId" | "createdAtMs" | "initiatorId">;

/**
 * An effect that needs a human before it can go on (e.g. an agent's tool call that requires
 * approval): the step parks as `waiting` and a task is created with stepKey `${stepKey}~${key}`.
 * When every such task of the step is decided, the step is executed again with the same attempt
 * and idempotency key, and `ExecutorContext.tasks` holds the decided tasks.
 */
export interface ParkRequest {
  /** Unique within the step (e.g. `tool-<callId>`); letters, digits, `_ . : -`. */
  key: string;
  /** A human decides (an inbox task with stepKey `${stepKey}~${key}`)… */
  task?: TaskSpec;
  /**
   * …or a child run computes (e.g. a workflow used as an agent tool): started with parentStepKey
   * `${stepKey}~${key}`; `ExecutorContext.children` has its outcome when the step runs again.
   */
  child?: { workflowId: string; versionId: string; input: unknown };
}

export type ExecutorResult =
  | {
      output: unknown;
      /** Output handle; defaults to "out". */
      handle?: string;
      park?: undefined;
    }
  | { park: ParkRequest };
