// "Run one step": execute one HTTP or agent node of the draft on its own, with the data upstream of
// it taken from the draft's pins or, for nodes without a pin, from the last test run. Nothing is
// stored but an audit record of who tested which node of which draft revision: no run, no step, no
// model-call rows, no memory; the answer (the request or prompt it
// rendered, and the output or the error) goes back to the editor, which offers to pin the output.
// The HTTP call goes through the SSRF-safe fetch under the same allow list as the worker's, and
// credentials are resolved for the person testing, as for a run they start.
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/connection";
import { findLiveWorkflow } from "@/lib/db/workflow-store";
import * as pinRows from "@/lib/db/pin-store";
import { DomainError, notFound } from "@/lib/errors/domain-error";
import { nodeSchema, type WorkflowNode } from "@/lib/model/graph-schema";
import { isStepTestKind } from "@/lib/model/pins";
import type { ExpressionScope, StepRecord as ScopeStep, StepStatus } from "@/lib/model/scope";
import { validateGraph } from "@/lib/model/validate-graph";
import { safeFetch, type SafeFetchInit } from "@/lib/security/safe-fetch";
import { createCredentialResolver } from "@/lib/credentials/credential-resolver";
import { executorFor } from "@/lib/engine/executors";
import { errorInfo } from "@/lib/engine/errors";
import { disclosureByNode } from "@/lib/engine/disclosure";
import type { ExecutorContext, RunRecord } from "@/lib/engine/ports";
import type { NewSubStep, StoredSubStep, SubStepStore } from "@/lib/engine/sub-steps";
import { runAgentLoop } from "@/lib/agents/agent-loop";
import { McpClientPool } from "@/lib/agents/mcp-client-pool";
import { openAiModelClientFactory } from "@/lib/agents/openai-model-client";
import type { EnvProviderConfig } from "@/lib/providers/env-provider";
import { workflowAudit } from "./workflow-audit";
import { readDraftGraph } from "./workflow-service";

/** How long one step may take before the test gives up (a run's own timeout still applies when shorter). */
const STEP_TEST_TIMEOUT_MS = 60_000;

export interface StepTestResult {
  nodeId: string;
  ok: boolean;
  /** What the node rendered before calling out: the HTTP request, or the agent's prompt. */
  request: unknown;
  output: unknown;
  handle: string | null;
  error: { message: string; code: string } | null;
  durationMs: number;
  /** Where the upstream data came from, by upstream node name. */
  upstream: Record<string, "pin" | "last_test_run" | "none">;
}

export interface StepTestOptions {
  allowHosts: readonly string[];
  env: EnvProviderConfig;
  /** Tests replace the network. */
  fetch?: (url: string, init: SafeFetchInit) => Promise<Response>;
}

/** Sub-steps kept in memory for one execution: a step test stores no model-call rows. */
class MemorySubSteps implements SubStepStore<unknown> {
  private readonly rows: StoredSubStep[] = [];
  load(): Promise<StoredSubStep[]> {
    return Promise.resolve(this.rows);
  }
  save(record: NewSubStep, _extra?: unknown, held: NewSubStep[] = []): Promise<StoredSubStep> {
    for (const r of [...held, record]) this.rows.push({ seq: r.seq, name: r.name, result: r.result });
    return Promise.resolve(this.rows[this.rows.length - 1]);
  }
}

function ancestorsOf(nodeId: string, edges: readonly { source: string; target: string }[]): Set<string> {
  const seen = new Set<string>();
  const stack = [nodeId];
  while (stack.length) {
    const id = stack.pop()!;
    for (const e of edges) {
      if (e.target === id && !seen.has(e.source)) {
        seen.add(e.source);
        stack.push(e.source);
      }
    }
  }
  seen.delete(nodeId);
  return seen;
}

export async function runOneStep(
  db: Database,
  workflowId: string,
  nodeId: string,
  req: { input?: unknown },
  user: { id: string },
  opts: StepTestOptions,
): Promise<StepTestResult> {
  const row = await findLiveWorkflow(db.sql, workflowId);
  if (!row) throw notFound("Workflow");
  const draft = readDraftGraph(row.draftGraph, row.id);
  const draftNode = draft.nodes.find((n) => n.id === nodeId);
  if (!draftNode) throw notFound("Node");
  if (!isStepTestKind(draftNode.kind)) {
    throw new DomainError(
      "step_not_testable",
      `"${draftNode.name}" is a ${draftNode.kind} node: Run one step works on HTTP and agent nodes.`,
    );
  }
  const parsed = nodeSchema.safeParse(draftNode);
  if (!parsed.success) {
    throw new DomainError("step_not_testable", `Fix "${draftNode.name}" first: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  }
  const node: WorkflowNode = parsed.data;

  // Upstream data: a pin first, else the node's output in the last test run.
  const [pins, last] = await Promise.all([pinRows.listPins(db.sql, workflowId), pinRows.lastTestRun(db.sql, workflowId)]);
  const pinned = new Map(pins.map((p) => [p.nodeId, p]));
  const steps: Record<string, ScopeStep> = {};
  const upstream: StepTestResult["upstream"] = {};
  const start = draft.nodes.find((n) => n.kind === "start");
  for (const id of ancestorsOf(nodeId, draft.edges)) {
    const n = draft.nodes.find((x) => x.id === id);
    if (!n || n.kind === "start") continue;
    const pin = pinned.get(id);
    const ran = last?.outputs.get(id);
    if (pin) {
      steps[n.name] = { output: pin.output, status: "succeeded" };
      upstream[n.name] = "pin";
    } else if (ran) {
      steps[n.name] = { output: ran.output, status: ran.status as StepStatus };
      upstream[n.name] = "last_test_run";
    } else upstream[n.name] = "none";
  }
  const input = req.input ?? last?.input ?? {};
  // Who tried which node of which draft, recorded before anything calls out (a failed record stops the test).
  await pinRows.auditStepTest(
    db.sql,
    workflowAudit({
      action: "workflow.step_tested",
      workflowId,
      actor: { id: user.id, authMethod: "session" },
      atMs: Date.now(),
      data: { nodeId, nodeName: draftNode.name, kind: draftNode.kind, draftRevision: row.draftRevision, upstream },
    }),
  );
  if (start) steps[start.name] = { output: input, status: "succeeded" };
  const runId = `step-test-${randomUUID()}`;
  const now = Date.now();
  const scope: ExpressionScope = { input, steps, run: { id: runId, startedAt: new Date(now).toISOString() } };
  const run: RunRecord = {
    id: runId,
    workflowId,
    versionId: "",
    status: "running",
    trigger: "manual",
    input,
    output: null,
    error: null,
    outcome: null,
    initiatorId: user.id,
    cancelledById: null,
    waitingOn: null,
    readyAtMs: null,
    leaseOwner: null,
    leaseExpiresMs: null,
    fencingToken: 0,
    createdAt: new Date(now).toISOString(),
    startedAtMs: now,
    finishedAtMs: null,
    updatedAtMs: now,
    isTest: true,
  };

  const ex = executorFor(node.kind);
  const ac = new AbortController();
  const timer = setTimeout(
    () => ac.abort(new Error(`The step took longer than ${STEP_TEST_TIMEOUT_MS / 1000} s`)),
    node.timeoutMs ?? STEP_TEST_TIMEOUT_MS,
  );
  let request: unknown = null;
  try {
    request = ex.prepare
      ? await ex.prepare(node as never, { run, stepKey: node.id, scope, now, takenSources: [], newId: randomUUID })
      : null;
    const strict = validateGraph(draft).graph;
    const allowHosts = [...opts.allowHosts];
    const fetchFn = opts.fetch ?? ((url: string, init: SafeFetchInit) => safeFetch(url, { ...init, allowHosts }));
    const ctx: ExecutorContext = {
      runId,
      stepKey: node.id,
      nodeId: node.id,
      attempt: 1,
      idempotencyKey: `${runId}:${node.id}:1`,
      signal: ac.signal,
      input: request,
      scope: scope as unknown as Record<string, unknown>,
      fetch: fetchFn,
      resolveCredential: createCredentialResolver(db.sql),
      tasks: [],
      children: [],
      depth: 0,
      initiatorId: user.id,
      disclosure: strict ? disclosureByNode(strict).get(node.id) : undefined,
    };
    // A step test connects to the agent's MCP servers for this call only.
    const mcp = new McpClientPool();
    const result = await (
      node.kind === "agent"
        ? runAgentLoop(
            { db: db.sql, store: new MemorySubSteps() as never, modelClients: openAiModelClientFactory, env: opts.env, mcp },
            node,
            request as never,
            ctx,
          )
        : ex.execute!(node as never, request, ctx)
    ).finally(() => mcp.close());
    if (result.park) {
      throw new DomainError(
        "step_not_testable",
        "This step would wait for a person or another workflow (a tool that needs approval, a workflow tool): try it in a test run.",
      );
    }
    return {
      nodeId,
      ok: true,
      request,
      output: result.output,
      handle: result.handle ?? "out",
      error: null,
      durationMs: Date.now() - now,
      upstream,
    };
  } catch (e) {
    if (e instanceof DomainError) throw e;
    const reason: unknown = ac.signal.aborted ? ac.signal.reason : e;
    return { nodeId, ok: false, request, output: null, handle: null, error: errorInfo(reason), durationMs: Date.now() - now, upstream };
  } finally {
    clearTimeout(timer);
  }
}
