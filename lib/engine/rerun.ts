// Rerun from any step: a NEW run (trigger "rerun", sourceRunId = the source run) that starts at a
// chosen step of a finished run. Every step that is not downstream of the chosen one and finished in
// the source run is copied into the new run with its stored output (events carry `reused: true`), so
// its effects are not repeated; the chosen step and everything after it run again. The chosen step's
// input can be overridden: `inputOverride` maps the names (or ids) of the steps feeding it directly,
// or of the Start step, to the outputs it should see instead (Start's output is the run's $.input).
//
// Version: "original" (the source run's pinned version) or "latest" (the newest published one).
// Refused, with nothing written, when the step does not exist (422), is the Start step (422), or its
// upstream changed shape in the chosen version (different node ids, kinds or edges upstream: 409), or
// an upstream step did not finish in the source run (409).
import { randomUUID } from "node:crypto";
import type { WorkflowNodeOf } from "@/lib/model/graph-schema";
import { hashJson } from "@/lib/security/hash";
import { getCompiledGraph, type CompiledGraph } from "./compiled-graph";
import { ConflictError, NotFoundError, PayloadTooLargeError, ValidationError, type Problem } from "./errors";
import { MAX_STEP_OUTPUT_BYTES } from "./executors/expression-limits";
import { validateJsonSchema } from "./json-schema";
import type { EventWrite, RunRecord, StepRecord, VersionRecord } from "./ports";
import { assertTestRunByPerson, type EngineDeps } from "./run-service";

export interface RerunInput {
  runId: string;
  /** The step to start from: its step key or node id (one of them is required). */
  stepKey?: string;
  nodeId?: string;
  /** Outputs of the steps feeding the chosen step directly, by step name or node id. */
  inputOverride?: Record<string, unknown>;
  version: "original" | "latest";
  userId: string | null;
  /** The role the new run acts with when the caller knows it (the signed-in user); looked up otherwise. */
  userRole?: string | null;
  /** The caller used an API key: a test run is then not rerun (assertTestRunByPerson). */
  byApiKey?: boolean;
}

export interface RerunResult {
  run: RunRecord & { sourceRunId: string };
  /** Step keys copied from the source run (not executed again). */
  reusedSteps: string[];
  fromStep: string;
}

const FINISHED = new Set(["succeeded", "failed", "cancelled"]);

function settled(s: StepRecord | undefined): s is StepRecord {
  return !!s && (s.status === "succeeded" || s.status === "skipped" || (s.status === "failed" && s.outputHandle === "error"));
}

function descendants(g: CompiledGraph, from: string): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    for (const e of g.index.outgoing.get(stack.pop()!) ?? []) {
      if (g.isLoopBack(e)) continue;
      if (!seen.has(e.target)) {
        seen.add(e.target);
        stack.push(e.target);
      }
    }
  }
  return seen;
}

function ancestors(g: CompiledGraph, of: string): Set<string> {
  const seen = new Set<string>();
  const stack = [of];
  while (stack.length) {
    for (const e of g.index.incoming.get(stack.pop()!) ?? []) {
      if (g.isLoopBack(e)) continue;
      if (!seen.has(e.source)) {
        seen.add(e.source);
        stack.push(e.source);
      }
    }
  }
  return seen;
}

function incomingSignature(g: CompiledGraph, nodeId: string): string {
  return (g.index.incoming.get(nodeId) ?? [])
    .map((e) => `${e.source}:${e.sourceHandle}`)
    .sort()
    .join("|");
}

/** Why the node's place in the graph differs between the source version and the chosen one (null: same). */
function shapeChange(src: CompiledGraph, tgt: CompiledGraph, nodeId: string, checkKind: boolean): string | null {
  const a = src.index.nodes.get(nodeId);
  const b = tgt.index.nodes.get(nodeId);
  if (!a || !b) return "does not exist in both versions";
  if (checkKind && a.kind !== b.kind) return `changed kind (${a.kind} → ${b.kind})`;
  if (incomingSignature(src, nodeId) !== incomingSignature(tgt, nodeId)) return "has different incoming edges";
  return null;
}

/** The version the rerun runs on: the source run's ("original") or the workflow's live one ("latest"). */
async function findChosenVersion(deps: EngineDeps, source: RunRecord, which: RerunInput["version"]): Promise<VersionRecord | null> {
  return which === "original" ? deps.store.getVersion(source.versionId) : deps.store.liveVersion(source.workflowId);
}

function requireChosen(version: VersionRecord | null, source: RunRecord, which: RerunInput["version"]): VersionRecord {
  if (version) return version;
  if (which === "original") throw new NotFoundError(`Workflow version ${source.versionId} not found`);
  throw new ConflictError("This workflow has no published version to rerun on", "no_published_version");
}

/**
 * Plan and start the rerun. All checks (the start policy first, as for startRun) happen before the
 * single createRun transaction.
 */
export async function rerunFromStep(deps: EngineDeps, req: RerunInput): Promise<RerunResult> {
  const { store } = deps;
  const nodeId = (req.nodeId ?? req.stepKey ?? "").trim();
  if (!nodeId) throw new ValidationError("Invalid rerun request", [{ path: "stepKey", message: "give stepKey or nodeId" }]);
  const source = await store.getRun(req.runId);
  if (!source) throw new NotFoundError(`Run ${req.runId} not found`);
  assertTestRunByPerson(source, req.byApiKey);
  // The new run acts for this user: the policy (credentials of the version it will run) comes first.
  const chosen = await findChosenVersion(deps, source, req.version);
  if (chosen) await deps.policy?.assertMayStart(chosen, { userId: req.userId, role: req.userRole });
  if (!FINISHED.has(source.status)) {
    throw new ConflictError(`Run ${source.id} is still ${source.status}; rerun works on finished, failed or cancelled runs`, "run_active");
  }
  const srcVersion = await store.getVersion(source.versionId);
  if (!srcVersion) throw new NotFoundError(`Workflow version ${source.versionId} not found`);
  const src = getCompiledGraph(srcVersion.id, srcVersion.graph, srcVersion.pins ?? null);
  const version = requireChosen(chosen, source, req.version);
  const tgt = getCompiledGraph(version.id, version.graph, version.pins ?? null);

  const node = tgt.index.nodes.get(nodeId);
  if (!node) {
    throw new ValidationError(`Step "${nodeId}" does not exist in version ${version.version} of this workflow`, [
      { path: "stepKey", message: `unknown step; steps of version ${version.version}: ${[...tgt.index.nodes.keys()].join(", ")}` },
    ]);
  }
  if (node.kind === "start")
    throw new ValidationError("Rerun starts after the Start step; to change the run input, start a new run", [
      { path: "stepKey", message: "is the Start step" },
    ]);
  if (!src.index.nodes.has(nodeId)) {
    throw new ConflictError(
      `Step "${node.name}" does not exist in the source run's version ${srcVersion.version}, so nothing upstream can be reused`,
      "upstream_changed",
    );
  }

  const container = [...tgt.regions.entries()].find(([id, r]) => id !== "" && r.nodes.includes(nodeId))?.[1].container;
  if (container) {
    throw new ValidationError(
      `"${node.name}" is inside the body of "${container.name}"; rerun from "${container.name}" (or a step before it) instead`,
      [{ path: "stepKey", message: `is inside a ${container.kind === "map" ? "Map" : "Loop"} body` }],
    );
  }
  const sourceSteps = new Map((await store.getSteps(source.id)).map((s) => [s.stepKey, s]));
  const downstream = descendants(tgt, nodeId);
  if (downstream.has(nodeId))
    throw new ValidationError("Rerun from a step inside a cycle is not supported", [{ path: "stepKey", message: "is inside a cycle" }]);
  const upstream = ancestors(tgt, nodeId);

  // Upstream must be the same shape in both versions and finished in the source run.
  const problems: Problem[] = [];
  const targetChange = shapeChange(src, tgt, nodeId, false);
  if (targetChange) problems.push({ path: `steps.${nodeId}`, message: `the chosen step ${targetChange}` });
  for (const id of upstream) {
    const change = shapeChange(src, tgt, id, true);
    if (change) problems.push({ path: `steps.${id}`, message: `upstream step ${change}` });
    else if (!settled(sourceSteps.get(id))) {
      problems.push({
        path: `steps.${id}`,
        message: `upstream step did not finish in the source run (${sourceSteps.get(id)?.status ?? "never ran"})`,
      });
    }
  }
  if (problems.length) {
    throw new ConflictError(
      `Cannot rerun from "${node.name}": ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
      "upstream_changed",
    );
  }

  // Reuse every finished step that is not downstream of the chosen one and whose own upstream is reused.
  const reused = new Set<string>();
  for (const id of tgt.order) {
    if (id === nodeId || downstream.has(id)) continue;
    const s = sourceSteps.get(id);
    if (!settled(s) || shapeChange(src, tgt, id, true)) continue;
    if ((tgt.index.incoming.get(id) ?? []).every((e) => reused.has(e.source))) reused.add(id);
  }
  for (const id of upstream) if (!reused.has(id)) throw new ConflictError(`Upstream step ${id} cannot be reused`, "upstream_changed");

  // Input override: keyed by the names (or ids) of the steps feeding the chosen step directly.
  // The Start step always counts: every step can read the run input ($.input).
  const preds = new Map<string, string>(); // key (name or id) → node id
  for (const p of [...(tgt.index.incoming.get(nodeId) ?? []).map((e) => tgt.index.nodes.get(e.source)!), tgt.start]) {
    preds.set(p.name, p.id);
    preds.set(p.id, p.id);
  }
  const overrides = new Map<string, unknown>();
  let runInput = source.input;
  if (req.inputOverride) {
    if (Buffer.byteLength(JSON.stringify(req.inputOverride)) > MAX_STEP_OUTPUT_BYTES)
      throw new PayloadTooLargeError("Input override is too large");
    const bad: Problem[] = [];
    for (const [key, value] of Object.entries(req.inputOverride)) {
      const id = preds.get(key);
      if (!id) {
        bad.push({
          path: `inputOverride.${key}`,
          message: `is not a step feeding "${node.name}" (allowed: ${[...new Set([...preds.values()].map((x) => tgt.index.nodes.get(x)!.name))].join(", ")})`,
        });
        continue;
      }
      if (sourceSteps.get(id)?.status === "skipped") {
        bad.push({ path: `inputOverride.${key}`, message: "was skipped in the source run, so it does not feed this step" });
        continue;
      }
      overrides.set(id, value);
      if (tgt.index.nodes.get(id)!.kind === "start") {
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
          bad.push({ path: `inputOverride.${key}`, message: "the Start step's output is the run input: must be a JSON object" });
          continue;
        }
        runInput = value;
      }
    }
    if (bad.length) throw new ValidationError("Invalid input override", bad);
  }
  const start = tgt.start as WorkflowNodeOf<"start">;
  const inputProblems = validateJsonSchema(runInput, start.config.inputSchema).map((p) => ({
    ...p,
    path: p.path === "(root)" ? "input" : `input.${p.path}`,
  }));
  if (inputProblems.length)
    throw new ValidationError(`The run input does not match version ${version.version}'s input schema`, inputProblems);

  const now = await store.now();
  const id = randomUUID();
  const steps: StepRecord[] = [];
  const events: EventWrite[] = [
    {
      type: "run.started",
      data: {
        trigger: "rerun",
        versionId: version.id,
        version: version.version,
        initiatorId: req.userId,
        sourceRunId: source.id,
        fromStep: nodeId,
      },
    },
  ];
  for (const key of tgt.order) {
    if (!reused.has(key)) continue;
    const s = sourceSteps.get(key)!;
    const overridden = overrides.has(key);
    // Reused rows take no time in the new run (dashboards must not count the source's work twice).
    steps.push({
      ...s,
      id: randomUUID(),
      runId: id,
      output: overridden ? overrides.get(key) : s.output,
      scheduledAtMs: now,
      startedAtMs: now,
      finishedAtMs: now,
    });
    const type = s.status === "succeeded" ? "step.succeeded" : s.status === "skipped" ? "step.skipped" : "step.failed";
    events.push({
      type,
      stepKey: key,
      data: {
        reused: true,
        sourceRunId: source.id,
        handle: s.outputHandle,
        attempt: s.attempt,
        sourceFinishedAtMs: s.finishedAtMs,
        ...(overridden ? { overridden: true } : {}),
      },
    });
  }
  await store.createRun({
    id,
    workflowId: version.workflowId,
    versionId: version.id,
    trigger: "rerun",
    input: runInput,
    initiatorId: req.userId,
    sourceRunId: source.id,
    // A rerun on a test snapshot is a test run too (it reuses the snapshot's pins).
    isTest: version.test === true,
    steps,
    events,
    audit: {
      atMs: now,
      actorId: req.userId,
      actorType: req.userId ? "user" : "system",
      action: "run.started",
      targetType: "run",
      targetId: id,
      data: {
        workflowId: version.workflowId,
        versionId: version.id,
        version: version.version,
        trigger: "rerun",
        sourceRunId: source.id,
        fromStep: nodeId,
        reusedSteps: [...reused],
        inputHash: hashJson(runInput),
        ...(req.inputOverride ? { inputOverrideHash: hashJson(req.inputOverride) } : {}),
      },
    },
  });
  deps.notifier?.notify();
  return {
    run: {
      id,
      workflowId: version.workflowId,
      versionId: version.id,
      status: "queued",
      trigger: "rerun",
      input: runInput,
      output: null,
      error: null,
      outcome: null,
      initiatorId: req.userId,
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
      sourceRunId: source.id,
    },
    reusedSteps: [...reused],
    fromStep: nodeId,
  };
}
