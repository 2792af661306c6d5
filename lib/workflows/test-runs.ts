// Test runs of the draft and the pins they reuse. A test run starts an immutable snapshot of the
// draft (lib/db/pin-store.ts: never published, never live, never in the versions list) with a copy
// of the draft's pins, through the same start service as every run: the service refuses snapshots
// for any start that is not a person's test run (API keys, webhooks, events, schedules), and keeps
// test runs out of production lists and statistics. Pins belong to the draft: published versions
// never carry them, so production runs cannot reuse them.
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/connection";
import { findLiveWorkflow } from "@/lib/db/workflow-store";
import * as pinRows from "@/lib/db/pin-store";
import { DomainError, notFound } from "@/lib/errors/domain-error";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { SCHEMA_VERSION, type WorkflowGraph } from "@/lib/model/graph-schema";
import { isPinnableKind, type PinnedOutput, type WorkflowPin } from "@/lib/model/pins";
import { validateGraph } from "@/lib/model/validate-graph";
import { outputHandles } from "@/lib/model/node-kinds";
import { errorHandle } from "@/lib/model/handles";
import { startRun, type EngineDeps } from "@/lib/engine/run-service";
import type { RunRecord } from "@/lib/engine/ports";
import { pinSubworkflows } from "./subworkflow-pins";
import { readDraftGraph } from "./workflow-service";

export interface TestRunUser {
  id: string;
  role: string;
}

export async function draftOf(db: Database, workflowId: string): Promise<DraftGraph> {
  const row = await findLiveWorkflow(db.sql, workflowId);
  if (!row) throw notFound("Workflow");
  return readDraftGraph(row.draftGraph, row.id);
}

/** The current draft, validated like a publish: errors refuse, with every problem (`what`: "a test run"). */
export async function validDraft(db: Database, workflowId: string, what = "a test run"): Promise<WorkflowGraph> {
  const draft = await draftOf(db, workflowId);
  const result = validateGraph(draft);
  if (!result.ok || !result.graph) {
    const errors = result.problems.filter((p) => p.severity === "error");
    throw new DomainError("invalid_graph", `Fix ${errors.length} problem${errors.length === 1 ? "" : "s"} before ${what}.`, {
      problems: result.problems,
    });
  }
  return result.graph;
}

/**
 * The test snapshot of `graph` (the draft's, or a published version's for an evaluation) with the
 * draft's pins for the nodes it has, sub-workflows pinned as publish pins them. `graphText` is the
 * snapshot's graph as stored (what a publish of this draft would store).
 */
export async function testSnapshotOf(
  db: Database,
  workflowId: string,
  source: WorkflowGraph,
  authorId: string,
): Promise<{ id: string; version: number; graphText: string }> {
  const graph = await pinSubworkflows(db, source);
  const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const pins: Record<string, PinnedOutput> = {};
  for (const p of await pinRows.listPins(db.sql, workflowId)) {
    const kind = kinds.get(p.nodeId);
    if (kind && isPinnableKind(kind)) pins[p.nodeId] = { output: p.output, handle: p.handle };
  }
  const graphText = JSON.stringify(graph);
  const snapshot = await pinRows.testSnapshot(db.sql, {
    newId: randomUUID,
    workflowId,
    graph: graphText,
    pins: Object.keys(pins).length ? JSON.stringify(pins) : null,
    schemaVersion: SCHEMA_VERSION,
    authorId,
    atMs: Date.now(),
  });
  return { ...snapshot, graphText };
}

/**
 * Start a test run of the current draft: validated like a publish (errors refuse, with every
 * problem), snapshotted with the draft's pins, started as a test run by this person (`trigger`
 * "api" when the caller used an API key: the start service refuses it).
 */
export async function startTestRun(
  db: Database,
  engine: EngineDeps,
  workflowId: string,
  req: { input: unknown; trigger: "manual" | "api" },
  user: TestRunUser,
): Promise<{ run: RunRecord; snapshot: { id: string; version: number } }> {
  // Refuse an API key before anything is written (the start service refuses it again).
  assertPerson(req.trigger);
  const { id, version } = await testSnapshotOf(db, workflowId, await validDraft(db, workflowId), user.id);
  const run = await startRun(engine, {
    versionId: id,
    input: req.input,
    initiatorId: user.id,
    initiatorRole: user.role,
    trigger: req.trigger,
    test: true,
  });
  return { run, snapshot: { id, version } };
}

/** Test runs (and evaluations, which start them) are a person's: refused for an API key. */
export function assertPerson(trigger: "manual" | "api"): void {
  if (trigger !== "manual") throw new DomainError("test_run_only", "Test runs are started by a person in the editor, not with an API key.");
}

export async function listPins(db: Database, workflowId: string): Promise<WorkflowPin[]> {
  await draftOf(db, workflowId);
  return pinRows.listPins(db.sql, workflowId);
}

/** The draft node a pin is for: it must exist and be of a kind whose output can be pinned. Answers its success handles. */
async function pinnableNode(db: Database, workflowId: string, nodeId: string): Promise<string[]> {
  const node = (await draftOf(db, workflowId)).nodes.find((n) => n.id === nodeId);
  if (!node) throw notFound("Node");
  if (!isPinnableKind(node.kind)) {
    throw new DomainError(
      "not_pinnable",
      `"${node.name}" is a ${node.kind} node: only HTTP, agent and sub-workflow outputs can be pinned.`,
    );
  }
  return outputHandles(node)
    .map((h) => h.id)
    .filter((h) => h !== errorHandle);
}

/**
 * Pin a node's output on the draft: typed by hand (`output`, `handle`) or taken from a step of any
 * earlier run of this workflow (`runId`, `stepKey`; the step must have succeeded).
 */
export async function setPin(
  db: Database,
  workflowId: string,
  nodeId: string,
  body: { output: unknown; handle?: string } | { runId: string; stepKey: string },
  userId: string,
): Promise<WorkflowPin> {
  const handles = await pinnableNode(db, workflowId, nodeId);
  let pin: WorkflowPin;
  if ("runId" in body) {
    const step = await pinRows.runStepForPin(db.sql, workflowId, body.runId, body.stepKey);
    if (!step) throw notFound("Run step");
    if (step.nodeId !== nodeId) throw new DomainError("not_pinnable", `Step ${body.stepKey} is not a step of this node.`);
    if (step.status !== "succeeded")
      throw new DomainError("not_pinnable", `Step ${body.stepKey} ${step.status}: only a succeeded step's output can be pinned.`);
    pin = {
      nodeId,
      output: step.output,
      handle: step.handle ?? "out",
      sourceRunId: body.runId,
      sourceStepKey: body.stepKey,
      pinnedById: userId,
      pinnedAtMs: Date.now(),
    };
  } else {
    const handle = body.handle ?? handles[0];
    if (!handles.includes(handle)) {
      throw new DomainError("not_pinnable", `This node has no output "${handle}"; its outputs are ${handles.join(", ")}.`);
    }
    pin = { nodeId, output: body.output, handle, sourceRunId: null, sourceStepKey: null, pinnedById: userId, pinnedAtMs: Date.now() };
  }
  await pinRows.upsertPin(db.sql, workflowId, pin);
  return pin;
}

export async function removePin(db: Database, workflowId: string, nodeId: string): Promise<void> {
  await draftOf(db, workflowId);
  if (!(await pinRows.deletePin(db.sql, workflowId, nodeId))) throw notFound("Pin");
}
