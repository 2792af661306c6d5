// POST /api/v1/events: record the event and resume its waiters (one transaction, lib/db/event-store.ts),
// then start every live workflow whose event trigger subscribes to the name. Each start is its own
// transaction through startRun, so it passes the same start policy, input-schema check and audit as a
// start by hand; a start that fails (mapping, input schema, credentials) is reported for its workflow
// and does not stop the others. Starts carry an idempotency key (event id, per trigger), so a publish
// retried with the same id after a crash between the two phases finishes the starts without doubling any.
import { z } from "zod";
import { recordEvent, saveEventResult, type ResumedStep } from "@/lib/db/event-store";
import type { SqlDb } from "@/lib/db/sql";
import { startRun, type EngineDeps } from "@/lib/engine/run-service";
import { DomainError } from "@/lib/errors/domain-error";
import { evaluateExpression, type ExpressionLimits } from "@/lib/model/expressions";
import type { ExpressionScope } from "@/lib/model/scope";
import { EVENT_NAME_PATTERN, MAX_CORRELATION_KEY_LENGTH } from "@/lib/model/wait-keys";
import { subscriptionsFor, unsubscribedLiveDigest, type EventSubscription } from "./event-subscriptions";

/** The longest a publisher may ask for an event to be kept for waiters that park later (7 days). */
export const MAX_EVENT_KEEP_MS = 7 * 24 * 3600 * 1000;

export const publishEventBody = z.strictObject({
  name: z.string().regex(EVENT_NAME_PATTERN, "1-200 letters, digits or _ . : / -"),
  /** Correlation key: resumes the Wait for event steps whose correlation expression gave this value. */
  key: z
    .union([z.string().min(1).max(MAX_CORRELATION_KEY_LENGTH), z.number().finite()])
    .transform((k) => String(k))
    .optional(),
  /** Deduplication id: the same id again is answered with the first delivery and changes nothing. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.:@/-]{1,200}$/, "1-200 letters, digits or _ . : @ / -")
    .optional(),
  data: z.unknown().default(null),
  /** Keep the event this long so a Wait for event that parks later still receives it (default 0: not kept). */
  keepForMs: z.number().int().min(0).max(MAX_EVENT_KEEP_MS).default(0),
});
export type PublishEventBody = z.output<typeof publishEventBody>;

export interface Publisher {
  userId: string;
  role: string;
}

export interface StartedByEvent {
  workflowId: string;
  triggerId: string;
  runId: string;
}

export interface FailedStart {
  workflowId: string;
  triggerId: string;
  code: string;
  message: string;
}

export interface PublishResult {
  id: string;
  duplicate: boolean;
  receivedAt: string;
  keptUntil: string | null;
  resumed: ResumedStep[];
  started: StartedByEvent[];
  failed: FailedStart[];
}

const MAPPING_LIMITS: Partial<ExpressionLimits> = { timeoutMs: 1000 };

async function inputFor(sub: EventSubscription, ev: { name: string; key: string | null; id: string; data: unknown }): Promise<unknown> {
  const mapping = sub.trigger.mapping.trim();
  if (!mapping) return ev.data;
  try {
    return await evaluateExpression(mapping, ev as unknown as ExpressionScope, MAPPING_LIMITS);
  } catch (e) {
    throw new DomainError("event_mapping_failed", `The trigger's mapping failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function startSubscribers(engine: EngineDeps, subs: EventSubscription[], body: PublishEventBody, id: string, publisher: Publisher) {
  const started: StartedByEvent[] = [];
  const failed: FailedStart[] = [];
  const ev = { name: body.name, key: body.key ?? null, id, data: body.data };
  for (const sub of subs) {
    try {
      const input = await inputFor(sub, ev);
      const run = await startRun(engine, {
        versionId: sub.versionId,
        input,
        initiatorId: publisher.userId,
        initiatorRole: publisher.role,
        trigger: "event",
        // One run per event and trigger, even when a retried publish has to finish interrupted starts.
        idempotency: { scope: `event-trigger:${sub.workflowId}:${sub.trigger.id}`, key: id, request: { event: id } },
      });
      started.push({ workflowId: sub.workflowId, triggerId: sub.trigger.id, runId: run.id });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      failed.push({ workflowId: sub.workflowId, triggerId: sub.trigger.id, code: e.code, message: e.message });
    }
  }
  return { started, failed };
}

export async function publishEvent(
  deps: { db: SqlDb; engine: EngineDeps },
  body: PublishEventBody,
  publisher: Publisher,
): Promise<PublishResult> {
  // With no subscriber (the usual case for correlation events) one transaction does everything. When the
  // live workflows read last time had no trigger on the name, the transaction itself checks that they
  // are unchanged instead of reading them first (one round trip on PostgreSQL).
  const digest = unsubscribedLiveDigest(deps.db, body.name);
  let subs = digest === null ? await subscriptionsFor(deps.db, body.name) : [];
  const rec = await recordEvent(deps.db, {
    final: digest === null ? subs.length === 0 : { whileLiveDigest: digest },
    id: body.id,
    name: body.name,
    key: body.key ?? null,
    data: body.data,
    publisherId: publisher.userId,
    keepMs: body.keepForMs,
  });
  const base = {
    id: rec.id,
    receivedAt: new Date(rec.receivedAtMs).toISOString(),
    keptUntil: rec.keptUntilMs === null ? null : new Date(rec.keptUntilMs).toISOString(),
  };
  if (rec.duplicate) {
    const r = rec.result as Partial<PublishResult>;
    if (r.started && r.failed) return { ...base, duplicate: true, resumed: r.resumed ?? [], started: r.started, failed: r.failed };
    // The first delivery stopped before its starts were recorded: finish them (each start is idempotent per event and trigger).
    if (digest !== null) subs = await subscriptionsFor(deps.db, body.name);
    const done = await startSubscribers(deps.engine, subs, body, rec.id, publisher);
    await saveEventResult(deps.db, rec.id, { resumed: r.resumed ?? [], ...done });
    return { ...base, duplicate: true, resumed: r.resumed ?? [], ...done };
  }
  if (rec.resumed.length) deps.engine.notifier?.notify();
  if (rec.final) return { ...base, duplicate: false, resumed: rec.resumed, started: [], failed: [] };
  // The live workflows changed since they were read: read them again.
  if (digest !== null) subs = await subscriptionsFor(deps.db, body.name);
  const { started, failed } = await startSubscribers(deps.engine, subs, body, rec.id, publisher);
  await saveEventResult(deps.db, rec.id, { resumed: rec.resumed, started, failed });
  return { ...base, duplicate: false, resumed: rec.resumed, started, failed };
}
