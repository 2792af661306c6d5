// POST /api/v1/callbacks/<token> and its heartbeat. The token in the URL is the credential (a 256-bit
// random capability drawn when the Wait for callback step parked), so these routes take no session or
// API key. Order of checks: unknown token 404; step no longer waiting 409 (even with a bad body, so a
// retry learns it was already received); body too large 413, not JSON 400, not matching the node's
// schema 422 (the step keeps waiting); then one transaction writes the body and wakes the run.
import { parseUntrustedJson } from "@/lib/api/json-body";
import { readBodyText } from "@/lib/api/read-body";
import { deliverCallback, extendCallback, findCallbackStep, type CallbackOutcome, type CallbackStep } from "@/lib/db/callback-store";
import type { SqlDb } from "@/lib/db/sql";
import { getCompiledGraph } from "@/lib/engine/compiled-graph";
import { validateJsonSchema } from "@/lib/engine/json-schema";
import type { EngineStore } from "@/lib/engine/ports";
import { DomainError, ProblemsError } from "@/lib/errors/domain-error";
import type { WorkflowNodeOf } from "@/lib/model/graph-schema";
import { CALLBACK_TOKEN_PATTERN } from "@/lib/model/wait-keys";

export const MAX_CALLBACK_BODY_BYTES = 1024 * 1024;

interface Deps {
  db: SqlDb;
  store: EngineStore;
  notify?: () => void;
}

async function stepFor(db: SqlDb, token: string): Promise<CallbackStep> {
  const step = CALLBACK_TOKEN_PATTERN.test(token) ? await findCallbackStep(db, token) : null;
  if (!step) throw new DomainError("not_found", "Unknown callback URL.");
  return step;
}

function refuse(outcome: Exclude<CallbackOutcome, "delivered">): never {
  if (outcome === "already_received") throw new DomainError("callback_already_received");
  throw new DomainError("callback_expired");
}

function precheck(step: CallbackStep, now: number): void {
  if (step.delivered) refuse("already_received");
  if (step.status !== "waiting") refuse(step.status === "succeeded" && step.outputHandle === "out" ? "already_received" : "expired");
  if (step.wakeAtMs !== null && step.wakeAtMs <= now) refuse("expired");
}

/** The body, read with a streaming limit (a chunked upload stops at the limit) and the safe JSON parser. */
async function readCallbackBody(req: Request): Promise<unknown> {
  const text = await readBodyText(req, MAX_CALLBACK_BODY_BYTES);
  if (text.trim() === "") return null;
  return parseUntrustedJson(text, "The body");
}

async function nodeOf(store: EngineStore, step: CallbackStep): Promise<WorkflowNodeOf<"wait_callback"> | null> {
  const version = await store.getVersion(step.versionId);
  if (!version) return null;
  const node = getCompiledGraph(version.id, version.graph).index.nodes.get(step.nodeId);
  return node?.kind === "wait_callback" ? (node as WorkflowNodeOf<"wait_callback">) : null;
}

export async function receiveCallback(deps: Deps, token: string, req: Request): Promise<{ runId: string; stepKey: string }> {
  const step = await stepFor(deps.db, token);
  // The clock's lower bound where there is one (no round trip): the delivery re-checks the deadline in SQL.
  precheck(step, deps.db.clock ? await deps.db.clock() : await deps.db.now());
  const body = await readCallbackBody(req);
  const node = await nodeOf(deps.store, step);
  const schema = node?.config.bodySchema;
  const problems = schema ? validateJsonSchema(body, schema) : [];
  if (problems.length) {
    throw new ProblemsError(
      "validation_failed",
      "The callback body does not match the step's schema",
      problems.map((p) => ({ ...p, path: p.path === "(root)" ? "body" : `body.${p.path}` })),
    );
  }
  const outcome = await deliverCallback(deps.db, step, token, body);
  if (outcome !== "delivered") refuse(outcome);
  deps.notify?.();
  return { runId: step.runId, stepKey: step.stepKey };
}

/** Heartbeat: the deadline becomes now + the node's timeout. Without a timeout there is nothing to extend. */
export async function heartbeatCallback(deps: Deps, token: string): Promise<{ timeoutAt: string | null }> {
  const step = await stepFor(deps.db, token);
  precheck(step, await deps.db.now());
  const timeoutMs = (step.input as { timeoutMs?: unknown } | null)?.timeoutMs;
  if (typeof timeoutMs !== "number" || timeoutMs <= 0) return { timeoutAt: null };
  const r = await extendCallback(deps.db, step, timeoutMs);
  if (r.outcome !== "delivered") refuse(r.outcome);
  deps.notify?.();
  return { timeoutAt: r.timeoutAtMs === null ? null : new Date(r.timeoutAtMs).toISOString() };
}
