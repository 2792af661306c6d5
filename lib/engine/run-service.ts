// The engine's service API used by route handlers and tests: start, cancel, decide, read. Each
// mutation is one transaction in the store, then a wake-up for local workers (the store also sends
// PostgreSQL NOTIFY inside the transaction for workers in other processes). Starting a run finds the
// version and checks the start policy here, so every start path gets the same checks.
import { randomUUID } from "node:crypto";
import { hashJson } from "@/lib/security/hash";
import type { WorkflowNodeOf } from "@/lib/model/graph-schema";
import { getCompiledGraph } from "./compiled-graph";
import { ConflictError, NotFoundError, PayloadTooLargeError, ValidationError } from "./errors";
import { validateJsonSchema } from "./json-schema";
import { MAX_STEP_OUTPUT_BYTES } from "./executors/expression-limits";
import { planDecision, type DecideTaskInput } from "./executors/approval-decision";
import { DomainError } from "@/lib/errors/domain-error";
import { evaluateExpression } from "@/lib/model/expressions";
import { MAX_SUBJECT_LENGTH, subjectHash, subjectText } from "@/lib/governance/subject-hash";
import type {
  DecisionRecord,
  EngineStore,
  NewRun,
  IdempotentStart,
  Notifier,
  RunListFilter,
  RunRecord,
  StepRecord,
  TaskRecord,
  VersionRecord,
} from "./ports";
import type { RunStartPolicy } from "./run-start-policy";

export interface EngineDeps {
  store: EngineStore;
  notifier?: Notifier;
  /** Checked by startRun and rerunFromStep before anything is written; the application always wires it. */
  policy?: RunStartPolicy;
}

export const MAX_RUN_INPUT_BYTES = MAX_STEP_OUTPUT_BYTES;

export interface StartRunInput {
  /** The version to run, or (without it) the live version of `workflowId`. */
  versionId?: string;
  workflowId?: string;
  input: unknown;
  initiatorId: string | null;
  /** The initiator's role when the caller knows it (the signed-in user); the policy looks it up otherwise. */
  initiatorRole?: string | null;
  trigger?: "manual" | "api" | "subworkflow" | "rerun" | "webhook" | "schedule" | "event";
  /**
   * A test run of a draft snapshot (lib/workflows/test-runs.ts). A snapshot version starts only with
   * this flag and a manual trigger (a person in the app), and the flag only with a snapshot: API keys,
   * webhooks, events and schedules never start a test run, and a test run never runs a published version.
   */
  test?: boolean;
  /**
   * An Idempotency-Key: the same key (within `scope`) and the same `request` return the first run for
   * 24 h; the same key with another request is refused (idempotency_key_reused). The key commits with
   * the run, so a retry after a lost response never starts a second run.
   */
  idempotency?: { scope: string; key: string; request: unknown };
  /**
   * Write the run in a transaction of the caller's (default: `store.createRun`): a webhook commits its
   * delivery log row in the same transaction as the run, one commit per delivery instead of two.
   */
  createRun?: (run: NewRun) => Promise<IdempotentStart | null>;
}

/**
 * A start that passed every check: `build` makes the run's records at a given database time. For
 * writers that commit the run inside a transaction of their own (a schedule claims its fire row
 * in the transaction that creates the run).
 */
export interface PreparedStart {
  version: VersionRecord;
  /** The Run, its start step, events and audit record at `now`; `context` is added to the run.started event and audit data. */
  build(now: number, context?: Record<string, unknown>): { run: NewRun; record: RunRecord };
}

/** What a start answered: the run, and whether it is an earlier start returned again for its Idempotency-Key. */
export interface StartedRun {
  run: RunRecord;
  replayed: boolean;
}

function jsonSize(v: unknown): number {
  return Buffer.byteLength(JSON.stringify(v) ?? "");
}

async function versionToStart(store: EngineStore, req: StartRunInput): Promise<VersionRecord> {
  if (req.versionId !== undefined) {
    const version = await store.getVersion(req.versionId);
    if (!version) throw new NotFoundError(`Workflow version ${req.versionId} not found`);
    return version;
  }
  if (req.workflowId === undefined) throw new ValidationError("Give versionId or workflowId", [{ path: "versionId", message: "required" }]);
  const live = await store.liveVersion(req.workflowId);
  if (!live) throw new NotFoundError("This workflow has no live version");
  return live;
}

/**
 * Start a run of `versionId` (or of the live version of `workflowId`): the start policy
 * (credentials allow the initiator's role), then graph and input validation, then one transaction
 * (Run, start step, events, audit). Nothing is written when a check fails.
 */
export async function startRun(deps: EngineDeps, req: StartRunInput): Promise<RunRecord> {
  return (await startRunOnce(deps, req)).run;
}

function replay(held: IdempotentStart, requestHash: string): StartedRun {
  if (held.requestHash !== requestHash) {
    throw new DomainError("idempotency_key_reused", "This Idempotency-Key was already used with a different request body.", {
      runId: held.runId,
    });
  }
  return { run: held.response as RunRecord, replayed: true };
}

/** startRun that also says whether the run is an earlier start returned again for its Idempotency-Key. */
export async function startRunOnce(deps: EngineDeps, req: StartRunInput): Promise<StartedRun> {
  const { store } = deps;
  const requestHash = req.idempotency ? hashJson(req.idempotency.request) : "";
  if (req.idempotency) {
    const held = await store.findIdempotentStart(req.idempotency.scope, req.idempotency.key);
    if (held) return replay(held, requestHash);
  }
  const prepared = await prepareStart(deps, req);
  const { run, record } = prepared.build(await store.now());
  if (!req.createRun && !req.idempotency && store.createLeasedRun) {
    // A worker of this process has a free slot: the run is written leased to it and handed over, never claimed.
    const slot = deps.notifier?.reserveStart?.() ?? null;
    if (slot) {
      let claimed;
      try {
        claimed = await store.createLeasedRun(run, { workerId: slot.workerId, leaseMs: slot.leaseMs });
      } catch (e) {
        slot.cancel();
        throw e;
      }
      slot.adopt(claimed);
      return { run: record, replayed: false };
    }
  }
  const create = req.createRun ?? ((r: NewRun) => store.createRun(r));
  const held = await create({
    ...run,
    idempotency: req.idempotency ? { scope: req.idempotency.scope, key: req.idempotency.key, requestHash, response: record } : undefined,
  });
  if (held) return replay(held, requestHash);
  deps.notifier?.notify();
  return { run: record, replayed: false };
}

/**
 * The run's data subject as a keyed hash (lib/governance/subject-hash.ts), from the Start node's
 * subject expression over the input; null when the workflow declares none or the input has no value.
 */
async function runSubjectHash(expression: string | undefined, input: unknown): Promise<string | null> {
  if (!expression?.trim()) return null;
  let value: unknown;
  try {
    value = await evaluateExpression(expression, { input, steps: {}, run: { id: "", startedAt: "" } });
  } catch (err) {
    throw new ValidationError("Invalid run input", [
      { path: "input", message: `the data subject expression failed: ${err instanceof Error ? err.message : String(err)}` },
    ]);
  }
  const text = subjectText(value);
  if (text !== null && text.length > MAX_SUBJECT_LENGTH) {
    throw new ValidationError("Invalid run input", [
      { path: "input", message: `the data subject is longer than ${MAX_SUBJECT_LENGTH} characters` },
    ]);
  }
  return subjectHash(value);
}

/**
 * Test runs start only test snapshots, and test snapshots only as test runs started by a person in
 * the app (trigger manual, an initiator): never by an API key, a webhook, an event or a schedule.
 */
function assertTestRule(version: VersionRecord, req: StartRunInput, trigger: NonNullable<StartRunInput["trigger"]>): void {
  const snapshot = version.test === true;
  if (req.test === true && !snapshot)
    throw new DomainError("test_run_only", "A test run starts a test snapshot of the draft, not a published version.");
  if (!snapshot) return;
  if (req.test !== true || trigger !== "manual" || !req.initiatorId) {
    throw new DomainError(
      "test_run_only",
      `Version ${version.version} is a test snapshot of a draft: only a person in the editor starts it (refused for trigger "${trigger}").`,
    );
  }
}

/**
 * A test run is a person's: rerunning it from a step or retrying its failed steps with an API key is
 * refused like starting one (the new or resumed run would be a test run the API started).
 */
export function assertTestRunByPerson(run: Pick<RunRecord, "id" | "isTest">, byApiKey: boolean | undefined): void {
  if (run.isTest === true && byApiKey === true)
    throw new DomainError(
      "test_run_only",
      `Run ${run.id} is a test run of a draft: only a person in the editor reruns or retries it, not an API key.`,
    );
}

/** Every check of startRun (version, start policy, trigger, input), without writing anything. */
export async function prepareStart(deps: EngineDeps, req: StartRunInput): Promise<PreparedStart> {
  const { store } = deps;
  const version = await versionToStart(store, req);
  const trigger = req.trigger ?? "manual";
  assertTestRule(version, req, trigger);
  await deps.policy?.assertMayStart(version, { userId: req.initiatorId, role: req.initiatorRole });
  const g = getCompiledGraph(version.id, version.graph, version.pins ?? null);
  const start = g.start as WorkflowNodeOf<"start">;
  const allowed = start.config.trigger ?? "both";
  if ((trigger === "manual" || trigger === "api") && allowed !== "both" && allowed !== trigger) {
    throw new ValidationError(`This workflow can only be started via ${allowed === "api" ? "the API" : "the app"}`, []);
  }
  const input = req.input ?? {};
  if (jsonSize(input) > MAX_RUN_INPUT_BYTES) throw new PayloadTooLargeError(`Run input is larger than ${MAX_RUN_INPUT_BYTES} bytes`);
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new ValidationError("Invalid run input", [{ path: "input", message: "must be a JSON object" }]);
  }
  const problems = validateJsonSchema(input, start.config.inputSchema).map((p) => ({
    ...p,
    path: p.path === "(root)" ? "input" : `input.${p.path}`,
  }));
  if (problems.length) throw new ValidationError("Invalid run input", problems);
  const inputHash = hashJson(input);
  const subject = await runSubjectHash(start.config.subjectExpression, input);
  return {
    version,
    build(now, context = {}) {
      const id = randomUUID();
      const startStep: StepRecord = {
        id: randomUUID(),
        runId: id,
        stepKey: start.id,
        nodeId: start.id,
        kind: "start",
        status: "succeeded",
        attempt: 1,
        input: null,
        output: input,
        outputHandle: "out",
        error: null,
        idempotencyKey: null,
        wakeAtMs: null,
        scheduledAtMs: now,
        startedAtMs: now,
        finishedAtMs: now,
      };
      const run: NewRun = {
        id,
        workflowId: version.workflowId,
        versionId: version.id,
        trigger,
        input,
        initiatorId: req.initiatorId,
        isTest: version.test === true,
        subjectHash: subject,
        steps: [startStep],
        events: [
          {
            type: "run.started",
            data: {
              trigger,
              versionId: version.id,
              version: version.version,
              initiatorId: req.initiatorId,
              ...(version.test ? { test: true } : {}),
              ...context,
            },
          },
          { type: "step.succeeded", stepKey: start.id, data: { handle: "out", attempt: 1 } },
        ],
        audit: {
          atMs: now,
          actorId: req.initiatorId,
          actorType: req.initiatorId ? "user" : "system",
          action: "run.started",
          targetType: "run",
          targetId: id,
          data: {
            workflowId: version.workflowId,
            versionId: version.id,
            version: version.version,
            trigger,
            inputHash,
            ...(version.test ? { test: true } : {}),
            ...context,
          },
        },
      };
      const record: RunRecord = {
        id,
        workflowId: version.workflowId,
        versionId: version.id,
        status: "queued",
        trigger,
        input,
        output: null,
        error: null,
        outcome: null,
        initiatorId: req.initiatorId,
        cancelledById: null,
        waitingOn: null,
        readyAtMs: now,
        leaseOwner: null,
        leaseExpiresMs: null,
        fencingToken: 0,
        createdAt: new Date(now).toISOString(),
        startedAtMs: now,
        finishedAtMs: null,
        updatedAtMs: now,
        isTest: version.test === true,
      };
      return { run, record };
    },
  };
}

/** Cancel: closes parked steps and open tasks, stops scheduling (the fencing token moves, so a holder cannot commit). */
export async function cancelRun(deps: EngineDeps, req: { runId: string; userId: string | null; reason?: string }): Promise<RunRecord> {
  const reason = req.reason?.trim() || "Cancelled by user";
  const run = await deps.store.cancelRun(req.runId, req.userId, reason, {
    atMs: 0, // replaced by the database time inside the transaction
    actorId: req.userId,
    actorType: req.userId ? "user" : "system",
    action: "run.cancelled",
    targetType: "run",
    targetId: req.runId,
    data: { reason },
  });
  deps.notifier?.notify();
  return run;
}

/**
 * Record a reviewer's decision in ONE transaction (rights, separation of duties, task state and
 * version are checked inside it). Concurrent decisions: exactly one wins each slot; the others get
 * ConflictError. Without expectedVersion a lost optimistic race is retried against the new state.
 */
export async function decideTask(deps: EngineDeps, req: DecideTaskInput): Promise<{ task: TaskRecord; decision: DecisionRecord }> {
  for (let attempt = 0; ; attempt++) {
    // A worker of this process with a free slot is handed the run the decision resolves (when nobody
    // holds it), leased in the decision's own script: no wake-up, no claim (lib/engine/ARCHITECTURE.md).
    const slot = deps.notifier?.reserveStart?.() ?? null;
    let decided: Awaited<ReturnType<EngineDeps["store"]["decideTask"]>>;
    try {
      decided = await deps.store.decideTask(
        req.taskId,
        (ctx) => planDecision(req, ctx),
        slot ? { workerId: slot.workerId, leaseMs: slot.leaseMs } : undefined,
      );
    } catch (e) {
      slot?.cancel();
      const retry = e instanceof ConflictError && e.code === "task_version_conflict" && req.expectedVersion === undefined && attempt < 3;
      if (!retry) throw e;
      continue;
    }
    const { claimed, ...out } = decided;
    if (claimed) slot!.adopt(claimed);
    else {
      slot?.cancel();
      if (out.task.status !== "open") deps.notifier?.notify();
    }
    return out;
  }
}

export interface RunDetail {
  run: RunRecord;
  steps: StepRecord[];
  tasks: TaskRecord[];
}

export async function getRun(deps: EngineDeps, runId: string): Promise<RunDetail> {
  const run = await deps.store.getRun(runId);
  if (!run) throw new NotFoundError(`Run ${runId} not found`);
  const [steps, tasks] = await Promise.all([deps.store.getSteps(runId), deps.store.getTasks(runId)]);
  return { run, steps, tasks };
}

export async function listRuns(
  deps: EngineDeps,
  f: Omit<RunListFilter, "limit"> & { limit?: number },
): Promise<{ runs: RunRecord[]; nextCursor: string | null }> {
  const filter: RunListFilter = { ...f, limit: Math.min(Math.max(f.limit ?? 50, 1), 200) };
  return deps.store.listRuns(filter);
}
