import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { eventStreamResponse } from "@/lib/api/responses/monitoring";
import { publishedEventBody } from "@/lib/api/responses/events";
import { forbidden } from "@/lib/api/errors";
import { DomainError } from "@/lib/errors/domain-error";
import { firstMissingRun } from "@/lib/db/run-event-read";
import { can, permissions } from "@/lib/auth/roles";
import { publishEvent, publishEventBody } from "@/lib/triggers/event-publish";
import { getEventHub } from "@/lib/monitoring/event-hub-instance";
import { eventStream, sseResponse } from "@/lib/monitoring/sse-stream";
import { topicListSchema } from "@/lib/monitoring/topics";

export const dynamic = "force-dynamic";

const eventId = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * GET /api/v1/events?topic=run:<id>,runs,inbox[&lastEventId=N] — server-sent events for what a page
 * shows. The Last-Event-ID header (sent by EventSource on reconnect) wins over the query parameter.
 * Contract: docs/monitoring.md.
 */
export const GET = apiRoute(
  {
    response: eventStreamResponse,
    summary: "Live server-sent events for runs and the inbox",
    errors: ["not_found"],
    roles: "any",
    query: z.object({ topic: topicListSchema, lastEventId: eventId.optional() }),
  },
  async ({ req, app, user, query }) => {
    for (const t of query.topic) {
      if (!can(user.role, t.kind === "inbox" ? "tasks:read" : "runs:read")) throw forbidden();
    }
    const header = req.headers.get("last-event-id");
    const fromHeader = header !== null && header.trim() !== "" ? eventId.safeParse(header.trim()) : null;
    if (fromHeader && !fromHeader.success)
      throw new DomainError("invalid_request", "Invalid Last-Event-ID header: expected a non-negative integer.");
    const lastEventId = fromHeader?.data ?? query.lastEventId ?? null;

    const runIds = query.topic.flatMap((t) => (t.kind === "run" ? [t.runId] : []));
    const missing = await firstMissingRun(app.db.sql, runIds);
    if (missing) throw new DomainError("not_found", `Run ${missing} not found.`);
    const stream = eventStream({ hub: getEventHub(app), sql: app.db.sql, topics: query.topic, lastEventId, signal: req.signal });
    return sseResponse(stream);
  },
);

/**
 * POST /api/v1/events `{ name, key?, id?, data, keepForMs? }` — publish an event: resumes every waiting
 * Wait for event step whose event name matches and whose correlation key equals `key`, and starts every
 * live workflow with an event trigger on `name`. Role: runs:start (admin, designer), by session or API
 * key. 202 with what happened; the same `id` again answers with the first delivery's result
 * (`duplicate: true`) and changes nothing. Contract: docs/triggers.md.
 */
export const POST = apiRoute(
  {
    roles: permissions["runs:start"],
    body: publishEventBody,
    response: publishedEventBody,
    status: 202,
    summary: "Publish an event: resume the Wait for event steps it correlates to and start the workflows it triggers",
    errors: [],
    examples: {
      request: { name: "order.paid", key: "4711", id: "psp-evt-9f2c", data: { amount: 120 } },
      response: {
        id: "psp-evt-9f2c",
        duplicate: false,
        receivedAt: "2026-12-06T20:00:00.000Z",
        keptUntil: null,
        resumed: [{ runId: "0b6f…", stepKey: "wait" }],
        started: [],
        failed: [],
      },
    },
  },
  async ({ app, body, user }) => {
    const result = await publishEvent({ db: app.db.sql, engine: app.engine }, body, { userId: user.id, role: user.role });
    return Response.json(result, { status: 202 });
  },
);
