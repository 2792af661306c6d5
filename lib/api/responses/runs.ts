// Response schemas of the run routes (app/api/v1/runs/**).
import { z } from "zod";
import { RUN_STATUSES, STEP_STATUSES, TASK_STATUSES } from "@/lib/model/vocabulary";
import { anyJson, epochMs, isoTime, obj } from "./common";

const nullableMs = epochMs.nullable();

export const runSchema = obj({
  id: z.string(),
  workflowId: z.string(),
  versionId: z.string(),
  status: z.enum(RUN_STATUSES),
  trigger: z.string().meta({ description: "manual | api | webhook | schedule | event | subworkflow | rerun" }),
  input: anyJson,
  output: anyJson,
  error: anyJson,
  outcome: z.string().nullable().meta({
    description:
      "What the run came to besides its status: its End node's outcome, or rejected / timed_out when an unhandled approval decision ended it.",
  }),
  initiatorId: z.string().nullable(),
  cancelledById: z.string().nullable(),
  waitingOn: z.string().nullable(),
  readyAtMs: nullableMs,
  leaseOwner: z.string().nullable(),
  leaseExpiresMs: nullableMs,
  fencingToken: z.number().int(),
  createdAt: isoTime,
  startedAtMs: nullableMs,
  finishedAtMs: nullableMs,
  updatedAtMs: epochMs,
  parentRunId: z.string().nullable().optional(),
  parentStepKey: z.string().nullable().optional(),
  depth: z.number().int().optional(),
  sourceRunId: z.string().nullable().optional(),
  isTest: z
    .boolean()
    .optional()
    .meta({ description: "A test run of a draft snapshot, started from the editor; never counted with production runs." }),
}).meta({ id: "Run" });

export const stepSchema = obj({
  id: z.string(),
  runId: z.string(),
  stepKey: z.string(),
  nodeId: z.string(),
  kind: z.string(),
  status: z.enum(STEP_STATUSES),
  attempt: z.number().int(),
  input: anyJson,
  output: anyJson,
  outputHandle: z.string().nullable(),
  error: anyJson,
  idempotencyKey: z.string().nullable(),
  wakeAtMs: nullableMs,
  scheduledAtMs: epochMs,
  startedAtMs: nullableMs,
  finishedAtMs: nullableMs,
}).meta({ id: "Step" });

export const taskAssigneeSchema = obj({ type: z.enum(["user", "role"]), value: z.string() }).meta({ id: "TaskAssignee" });

export const taskSchema = obj({
  id: z.string(),
  runId: z.string(),
  stepKey: z.string(),
  workflowId: z.string(),
  versionId: z.string(),
  nodeId: z.string(),
  type: z.string(),
  title: z.string(),
  instructions: z.string(),
  payload: anyJson,
  editableSchema: anyJson,
  context: anyJson,
  status: z.enum(TASK_STATUSES),
  quorum: z.number().int(),
  rejectionPolicy: z.string(),
  separationOfDuties: z.boolean(),
  initiatorId: z.string().nullable(),
  dueAtMs: nullableMs,
  escalation: anyJson,
  escalationLevel: z.number().int(),
  version: z.number().int(),
  result: anyJson,
  createdAtMs: epochMs,
  decidedAtMs: nullableMs,
  assignees: z.array(taskAssigneeSchema),
}).meta({ id: "Task" });

export const runEventSchema = obj({
  id: z.number().int(),
  runId: z.string(),
  type: z.string(),
  stepKey: z.string().nullable(),
  data: anyJson,
  atMs: epochMs,
}).meta({ id: "RunEvent" });

export const runBody = obj({ run: runSchema });
export const runListBody = obj({ runs: z.array(runSchema), nextCursor: z.string().nullable() });
export const runDetailBody = obj({ run: runSchema, steps: z.array(stepSchema), tasks: z.array(taskSchema) });
export const rerunBody = obj({ run: runSchema, reusedSteps: z.array(z.string()), fromStep: z.string() });

const viewStep = obj({
  stepKey: z.string(),
  nodeId: z.string(),
  kind: z.string(),
  status: z.enum(STEP_STATUSES),
  attempt: z.number().int(),
  outputHandle: z.string().nullable(),
  errorMessage: z.string().nullable(),
  scheduledAtMs: epochMs,
  startedAtMs: nullableMs,
  finishedAtMs: nullableMs,
});
const viewTask = obj({ id: z.string(), stepKey: z.string(), type: z.string(), title: z.string(), status: z.enum(TASK_STATUSES) });

export const runViewBody = obj({
  run: obj({
    id: z.string(),
    status: z.enum(RUN_STATUSES),
    trigger: z.string(),
    workflowId: z.string(),
    workflowName: z.string(),
    versionId: z.string(),
    version: z.number().int(),
    input: anyJson,
    output: anyJson,
    error: anyJson,
    outcome: z.string().nullable(),
    tokens: z.number(),
    costUsd: z.number(),
    createdAt: isoTime,
  }),
  graph: anyJson,
  graphProblem: z.string().nullable(),
  steps: z.array(viewStep),
  tasks: z.array(viewTask),
  children: z.array(anyJson),
  events: z.array(runEventSchema),
  hasOlderEvents: z.boolean(),
  cursor: z.number().int(),
  nowMs: epochMs,
}).meta({ id: "RunView" });

export const olderEventsBody = obj({ events: z.array(runEventSchema), hasOlder: z.boolean() });

export const stepDetailBody = obj({
  runId: z.string(),
  step: viewStep.extend({ input: anyJson, output: anyJson, error: anyJson }),
  node: obj({ id: z.string(), name: z.string(), kind: z.string() }).nullable(),
  attempts: z.array(obj({ attempt: z.number().int(), startedAtMs: nullableMs, outcome: z.string() })),
  events: z.array(runEventSchema),
  modelCalls: z.array(anyJson),
  task: anyJson,
  children: z.array(anyJson),
}).meta({ id: "StepDetail" });

export const bulkBody = obj({
  action: z.string(),
  supported: z.boolean(),
  matched: z.number().int(),
  matchedIsExact: z.boolean(),
  done: z.array(z.string()).optional(),
  skipped: z.array(z.string()).optional(),
  failed: z.array(obj({ runId: z.string(), message: z.string() })).optional(),
}).meta({ id: "BulkResult", description: "With dryRun: the preview only (no done/skipped/failed)." });
