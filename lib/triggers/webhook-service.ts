// Webhooks: registering one (URL id + secret), rotating its secret, and receiving a delivery:
// find the registration and the workflow's live version (findStartVersion), rate limit, read the body
// with its limit, verify, refuse replays, map the payload to the run input and start the run through
// startRun (so the start policy, input validation and idempotency apply). Every delivery that reaches
// verification is logged (WebhookDelivery, 7 days) with its outcome; "send again" replays a logged one.
import { randomUUID } from "node:crypto";
import { readBodyBytes } from "@/lib/api/read-body";
import { findStartVersion } from "@/lib/db/start-version";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import * as store from "@/lib/db/webhook-store";
import { workflowExists } from "@/lib/db/workflow-store";
import { getCompiledGraph } from "@/lib/engine/compiled-graph";
import type { IdempotentStart, NewRun, RunRecord } from "@/lib/engine/ports";
import { startRunOnce, type EngineDeps } from "@/lib/engine/run-service";
import { DomainError, notFound } from "@/lib/errors/domain-error";
import type { WorkflowNodeOf } from "@/lib/model/graph-schema";
import { isTerminalRun } from "@/lib/model/vocabulary";
import { triggerIdSchema, type WebhookTrigger } from "@/lib/model/triggers";
import { randomToken } from "@/lib/security/hash";
import { readIdempotencyKey } from "./idempotency-key";
import { takeToken } from "./rate-limit";
import { allowedHeaders, mapDelivery, parseDeliveryBody, queryOf, type DeliveryRequest } from "./webhook-payload";
import { liveSecrets, openSecrets, rotatedSecrets, sealSecrets } from "./webhook-secrets";
import { newWebhookSecret, SIGNATURE_TOLERANCE_S, verifyDelivery } from "./webhook-signatures";

export interface WebhookDeps {
  sql: SqlDb;
  /** The store writes a run inside the delivery's transaction (the delivery log row commits with it). */
  engine: EngineDeps & { store: EngineDeps["store"] & { createRunInTx(q: SqlQuery, run: NewRun): Promise<IdempotentStart | null> } };
}

export interface Actor {
  id: string;
  role: string;
}

export const hookPath = (triggerId: string) => `/api/v1/hooks/${triggerId}`;

// ---------- registration ----------

export interface WebhookInfo {
  triggerId: string;
  path: string;
  createdAt: string;
  rotatedAt: string | null;
  /** When the previous secret stops working (rotation overlap), if one is still valid. */
  previousSecretValidUntil: string | null;
}

/** A new webhook URL id and secret for a workflow; the secret is returned here and never again. */
export async function createWebhook(deps: WebhookDeps, workflowId: string, actor: Actor): Promise<WebhookInfo & { secret: string }> {
  if (!(await workflowExists(deps.sql, workflowId))) throw notFound("Workflow");
  const triggerId = randomToken(18);
  const secret = newWebhookSecret();
  const atMs = Date.now();
  await store.insertWebhookTrigger(deps.sql, {
    id: triggerId,
    workflowId,
    secrets: sealSecrets([{ secret, expiresAtMs: null }]),
    createdById: actor.id,
    createdAtMs: atMs,
    audit: { atMs, actorId: actor.id, action: "webhook.created", targetType: "workflow", targetId: workflowId, data: { triggerId } },
  });
  return {
    triggerId,
    path: hookPath(triggerId),
    createdAt: new Date(atMs).toISOString(),
    rotatedAt: null,
    previousSecretValidUntil: null,
    secret,
  };
}

function toInfo(r: store.WebhookRegistration, nowMs: number): WebhookInfo {
  const previous = openSecrets(r.secrets)
    .slice(1)
    .map((s) => s.expiresAtMs ?? 0)
    .filter((t) => t > nowMs);
  return {
    triggerId: r.id,
    path: hookPath(r.id),
    createdAt: new Date(r.createdAtMs).toISOString(),
    rotatedAt: r.rotatedAtMs === null ? null : new Date(r.rotatedAtMs).toISOString(),
    previousSecretValidUntil: previous.length ? new Date(Math.max(...previous)).toISOString() : null,
  };
}

export async function listWebhooks(deps: WebhookDeps, workflowId: string): Promise<WebhookInfo[]> {
  if (!(await workflowExists(deps.sql, workflowId))) throw notFound("Workflow");
  const now = Date.now();
  return (await store.listWebhookTriggers(deps.sql, workflowId)).map((r) => toInfo(r, now));
}

/** A new secret; the old one keeps working for `overlapMinutes` (0: stops at once). */
export async function rotateWebhookSecret(
  deps: WebhookDeps,
  workflowId: string,
  triggerId: string,
  overlapMinutes: number,
  actor: Actor,
): Promise<{ secret: string; previousSecretValidUntil: string | null }> {
  const secret = newWebhookSecret();
  const atMs = Date.now();
  const overlapMs = overlapMinutes * 60_000;
  const ok = await store.replaceWebhookSecrets(
    deps.sql,
    triggerId,
    workflowId,
    atMs,
    (current) => sealSecrets(rotatedSecrets(openSecrets(current), secret, atMs, overlapMs)),
    {
      atMs,
      actorId: actor.id,
      action: "webhook.secret_rotated",
      targetType: "workflow",
      targetId: workflowId,
      data: { triggerId, overlapMinutes },
    },
  );
  if (!ok) throw notFound("Webhook");
  return { secret, previousSecretValidUntil: overlapMs > 0 ? new Date(atMs + overlapMs).toISOString() : null };
}

async function ownedRegistration(deps: WebhookDeps, workflowId: string, triggerId: string): Promise<store.WebhookRegistration> {
  const reg = triggerIdSchema.safeParse(triggerId).success ? await store.findWebhookTrigger(deps.sql, triggerId) : null;
  if (!reg || reg.workflowId !== workflowId) throw notFound("Webhook");
  return reg;
}

export async function listWebhookDeliveries(deps: WebhookDeps, workflowId: string, triggerId: string, limit = 100) {
  await ownedRegistration(deps, workflowId, triggerId);
  const rows = await store.listDeliveries(deps.sql, triggerId, limit);
  return rows.map((d) => ({
    id: d.id,
    receivedAt: new Date(d.receivedAtMs).toISOString(),
    deliveryId: d.deliveryId,
    verified: d.verified,
    reason: d.reason,
    status: d.status,
    runId: d.runId,
  }));
}

// ---------- the live trigger ----------

interface LiveWebhook {
  registration: store.WebhookRegistration;
  versionId: string;
  trigger: WebhookTrigger;
}

/** The webhook as the workflow's live version declares it, or null (unknown, deleted, unpublished or disabled). */
async function liveWebhook(deps: WebhookDeps, triggerId: string): Promise<LiveWebhook | null> {
  if (!triggerIdSchema.safeParse(triggerId).success) return null;
  const registration = await store.findWebhookTrigger(deps.sql, triggerId);
  if (!registration) return null;
  const live = await findStartVersion(deps.sql, registration.workflowId);
  if (!live) return null;
  const version = await deps.engine.store.getVersion(live.id);
  if (!version) return null;
  const start = getCompiledGraph(version.id, version.graph).start as WorkflowNodeOf<"start">;
  const trigger = (start.config.triggers ?? []).find((t): t is WebhookTrigger => t.kind === "webhook" && t.id === triggerId);
  if (!trigger || !trigger.enabled) return null;
  return { registration, versionId: version.id, trigger };
}

// ---------- receiving ----------

export type DeliveryOutcome =
  { kind: "accepted"; runId: string; replayed: boolean } | { kind: "finished"; runId: string; replayed: boolean; run: RunRecord };

const errorStatus = (e: unknown) => (e instanceof DomainError ? e.status : 500);
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 1000);

/** Receive one delivery (`req` is the raw request; its body is read here with the trigger's limit). */
export async function receiveWebhook(deps: WebhookDeps, triggerId: string, req: Request): Promise<DeliveryOutcome> {
  const hook = await liveWebhook(deps, triggerId);
  if (!hook) throw notFound("Webhook");
  const { trigger, registration } = hook;
  const retryAfterS = takeToken(triggerId, trigger.rateLimitPerMinute, Date.now());
  if (retryAfterS > 0) {
    throw new DomainError("rate_limited", `This webhook accepts ${trigger.rateLimitPerMinute} deliveries a minute.`, { retryAfterS });
  }
  const receivedAtMs = Date.now();
  const base = {
    triggerId,
    workflowId: registration.workflowId,
    receivedAtMs,
    deliveryId: null,
    signatureHash: null,
    runId: null,
    request: null,
  };
  const log = (d: Partial<store.DeliveryRow> & Pick<store.DeliveryRow, "verified" | "reason" | "status">) =>
    store.insertDelivery(deps.sql, { ...base, id: randomUUID(), ...d });

  let body: Buffer;
  try {
    const bytes = await readBodyBytes(req, trigger.maxBodyBytes);
    body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (e) {
    await log({ verified: false, reason: errorText(e), status: errorStatus(e) });
    throw e;
  }
  const contentType = req.headers.get("content-type") ?? "text/plain";
  const verdict = verifyDelivery({
    mode: trigger.verification,
    secrets: liveSecrets(registration.secrets, receivedAtMs),
    headers: req.headers,
    body,
    nowMs: receivedAtMs,
    tokenHeader: trigger.tokenHeader,
  });
  if (!verdict.ok) {
    await log({ verified: false, reason: `${verdict.reason}: ${verdict.message}`, status: 401 });
    throw new DomainError("webhook_unverified", verdict.message, { reason: verdict.reason });
  }
  const { signatureHash } = verdict;
  if (signatureHash && (await store.signatureSeen(deps.sql, triggerId, signatureHash, receivedAtMs - SIGNATURE_TOLERANCE_S * 1000))) {
    await log({
      verified: false,
      reason: "replayed: this signed delivery was already received",
      status: 401,
      deliveryId: verdict.deliveryId,
    });
    throw new DomainError("webhook_replayed", "This signed delivery was already received.");
  }

  const text = body.toString("utf8");
  const request: DeliveryRequest = {
    contentType,
    body: text,
    headers: allowedHeaders(req.headers, trigger.allowedHeaders),
    query: queryOf(req.url),
  };
  let deliveryId = verdict.deliveryId;
  try {
    const parsed = parseDeliveryBody(contentType, text);
    if (trigger.verification === "stripe" && deliveryId === null) deliveryId = stripeEventId(parsed);
    const key = readIdempotencyKey(req.headers) ?? deliveryId ?? undefined;
    const input = await mapDelivery(trigger.mapping, request, parsed, trigger.maxBodyBytes);
    const accepted = { verified: true, reason: null, status: 202, deliveryId, signatureHash, request };
    let loggedWithRun = false;
    const started = await startRunOnce(deps.engine, {
      versionId: hook.versionId,
      input,
      initiatorId: null,
      trigger: "webhook",
      idempotency: key === undefined ? undefined : { scope: `hook:${triggerId}`, key, request: text },
      // "accepted" knows its answer (202) before the run commits: its log row commits with the run.
      createRun:
        trigger.respond === "wait"
          ? undefined
          : (run) =>
              deps.sql.tx(async (q) => {
                const held = await deps.engine.store.createRunInTx(q, run);
                if (held) return held;
                await store.insertDelivery(q, { ...base, id: randomUUID(), ...accepted, runId: run.id });
                loggedWithRun = true;
                return null;
              }),
    });
    const outcome = trigger.respond === "wait" ? await waitForRun(deps, started.run.id, trigger.waitSeconds) : null;
    const status = outcome ? 200 : 202;
    if (!loggedWithRun) {
      await log({
        ...accepted,
        reason: started.replayed ? "duplicate delivery: the first run was returned" : null,
        status,
        runId: started.run.id,
      });
    }
    return outcome
      ? { kind: "finished", runId: started.run.id, replayed: started.replayed, run: outcome }
      : { kind: "accepted", runId: started.run.id, replayed: started.replayed };
  } catch (e) {
    await log({ verified: true, reason: errorText(e), status: errorStatus(e), deliveryId, signatureHash, request });
    throw e;
  }
}

function stripeEventId(parsed: unknown): string | null {
  const id = parsed && typeof parsed === "object" ? (parsed as { id?: unknown }).id : undefined;
  return typeof id === "string" && id.length <= 255 ? id : null;
}

const POLL_MS = 50;

/** The run once it has ended, or null when it is still going after `seconds`. */
async function waitForRun(deps: WebhookDeps, runId: string, seconds: number): Promise<RunRecord | null> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const run = await deps.engine.store.getRun(runId);
    if (run && isTerminalRun(run.status)) return run;
    if (Date.now() + POLL_MS > deadline) return null;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

// ---------- send again ----------

/** Map a logged, verified delivery again with the live version's trigger and start a new run as `actor`. */
export async function resendDelivery(deps: WebhookDeps, workflowId: string, triggerId: string, deliveryRowId: string, actor: Actor) {
  await ownedRegistration(deps, workflowId, triggerId);
  const row = await store.findDelivery(deps.sql, triggerId, deliveryRowId);
  if (!row) throw notFound("Delivery");
  const request = row.request as DeliveryRequest | null;
  if (!row.verified || !request) throw new DomainError("validation_failed", "Only verified deliveries can be sent again.");
  const hook = await liveWebhook(deps, triggerId);
  if (!hook) throw new DomainError("webhook_not_live");
  const parsed = parseDeliveryBody(request.contentType, request.body);
  const input = await mapDelivery(hook.trigger.mapping, request, parsed, hook.trigger.maxBodyBytes);
  const { run } = await startRunOnce(deps.engine, {
    versionId: hook.versionId,
    input,
    initiatorId: actor.id,
    initiatorRole: actor.role,
    trigger: "webhook",
  });
  await store.insertDelivery(deps.sql, {
    id: randomUUID(),
    triggerId,
    workflowId,
    receivedAtMs: Date.now(),
    deliveryId: row.deliveryId,
    signatureHash: null,
    verified: true,
    reason: `sent again from delivery ${row.id}`,
    status: 202,
    runId: run.id,
    request,
  });
  return { runId: run.id };
}
