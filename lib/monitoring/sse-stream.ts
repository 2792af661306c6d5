// One SSE connection: subscribe to the shared hub (buffering), replay what the client missed since
// its last event id from the database, announce `ready` with the resume cursor, then stream live
// batches. Heartbeat comments keep proxies from closing an idle connection; a client that stops
// reading is disconnected (it reconnects and resumes) instead of buffering without bound.
import type { SqlQuery } from "@/lib/db/sql";
import type { EventHub } from "./event-hub";
import { matchesTopics } from "./event-hub";
import { eventsAfter, runEventsAfter } from "@/lib/db/run-event-read";
import type { InboxChangedMessage, ReadyMessage, ResetMessage, RunEventMessage, RunsChangedMessage } from "./sse-messages";
import { isInboxEvent, topicKey, type Topic } from "./topics";
import { liveTextHub, type LiveTextHub } from "./live-text";

export interface EventStreamOptions {
  hub: EventHub;
  sql: SqlQuery;
  topics: Topic[];
  /** Resume after this RunEvent id (Last-Event-ID); null = live from now. */
  lastEventId: number | null;
  signal?: AbortSignal;
  heartbeatMs?: number;
  /** More missed events than this → `reset` instead of a replay. */
  backfillLimit?: number;
  /** Queued chunks before a non-reading client is dropped. */
  maxQueuedChunks?: number;
  /** Live model text of the subscribed runs (default: the process's buffer). */
  liveText?: LiveTextHub;
}

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-store, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
} as const;

function frame(event: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Turn a batch of relevant events into SSE frames for these topics (the last frame carries the cursor). */
export function formatBatch(events: RunEventMessage[], topics: Topic[], cursor: number): string {
  const runIds = new Set(topics.flatMap((t) => (t.kind === "run" ? [t.runId] : [])));
  const wantRuns = topics.some((t) => t.kind === "runs");
  const wantInbox = topics.some((t) => t.kind === "inbox");
  const frames: [string, unknown][] = [];
  for (const e of events) if (runIds.has(e.runId)) frames.push(["run-event", e]);
  if (wantRuns && events.length) {
    const msg: RunsChangedMessage = {
      runIds: [...new Set(events.map((e) => e.runId))],
      types: [...new Set(events.map((e) => e.type))],
      maxEventId: Math.max(...events.map((e) => e.id)),
    };
    frames.push(["runs", msg]);
  }
  if (wantInbox) {
    const inbox = events.filter((e) => isInboxEvent(e.type));
    if (inbox.length) {
      const msg: InboxChangedMessage = {
        changes: inbox.map((e) => ({
          type: e.type,
          runId: e.runId,
          stepKey: e.stepKey,
          taskId: typeof (e.data as { taskId?: unknown } | null)?.taskId === "string" ? (e.data as { taskId: string }).taskId : null,
        })),
        maxEventId: Math.max(...inbox.map((e) => e.id)),
      };
      frames.push(["inbox", msg]);
    }
  }
  return frames.map(([name, data], i) => frame(name, data, i === frames.length - 1 ? cursor : undefined)).join("");
}

async function backfill(sql: SqlQuery, topics: Topic[], afterId: number, limit: number): Promise<RunEventMessage[] | "overflow"> {
  const global = topics.some((t) => t.kind !== "run");
  const rows = global
    ? await eventsAfter(sql, afterId, limit + 1, true)
    : await runEventsAfter(
        sql,
        topics.flatMap((t) => (t.kind === "run" ? [t.runId] : [])),
        afterId,
        limit + 1,
      );
  if (rows.length > limit) return "overflow";
  return global ? rows.filter((e) => matchesTopics(e, topics)) : rows;
}

export function eventStream(opts: EventStreamOptions): ReadableStream<Uint8Array> {
  const { hub, topics } = opts;
  const enc = new TextEncoder();
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const maxQueued = opts.maxQueuedChunks ?? 512;
  let closed = false;
  let cleanup = () => undefined as void;
  const liveRunIds = topics.flatMap((t) => (t.kind === "run" ? [t.runId] : []));
  const live = opts.liveText ?? liveTextHub();
  let unsubscribeLive = () => undefined as void;

  return new ReadableStream<Uint8Array>({
    start(controller) {
      let buffering = true;
      let buffered: RunEventMessage[] = [];
      const replayed = new Set<number>();
      const floor = opts.lastEventId ?? 0;

      let sentCursor = -1;
      const write = (text: string) => {
        if (closed || !text) return;
        if (controller.desiredSize !== null && controller.desiredSize < -maxQueued) {
          close(); // the client stopped reading: drop it, it resumes from its last id
          return;
        }
        controller.enqueue(enc.encode(text));
      };
      /** A data-less frame moves the client's Last-Event-ID forward (nothing relevant happened). */
      const advance = () => {
        const c = hub.cursor;
        if (!buffering && c > sentCursor) {
          sentCursor = c;
          write(`id: ${c}\n\n`);
        }
      };
      const onEvents = (events: RunEventMessage[]) => {
        if (closed) return;
        if (buffering) {
          buffered.push(...events);
          return;
        }
        // Everything up to the client's last id was delivered before; replayed ids were just sent.
        const fresh = events.filter((e) => e.id > floor && !replayed.has(e.id));
        if (!fresh.length) return advance();
        sentCursor = hub.cursor;
        write(formatBatch(fresh, topics, sentCursor));
      };
      const unsubscribe = hub.subscribe(topics, onEvents);
      const heartbeat = setInterval(() => {
        write(`: ping\n\n`);
        advance();
      }, heartbeatMs);
      heartbeat.unref?.();
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        unsubscribeLive();
        opts.signal?.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      cleanup = close;
      if (opts.signal?.aborted) {
        close();
        return;
      }
      opts.signal?.addEventListener("abort", close);

      write("retry: 2000\n\n");
      void (async () => {
        try {
          await hub.ready();
          let replayedCount = 0;
          if (opts.lastEventId !== null) {
            const missed = await backfill(opts.sql, topics, opts.lastEventId, opts.backfillLimit ?? 2000);
            if (missed === "overflow") {
              const reset: ResetMessage = { reason: "More events were missed than can be replayed; reload the data.", cursor: hub.cursor };
              write(frame("reset", reset));
            } else if (missed.length) {
              for (const e of missed) replayed.add(e.id);
              replayedCount = missed.length;
              write(formatBatch(missed, topics, Math.min(hub.cursor, missed[missed.length - 1].id)));
            }
          }
          const ready: ReadyMessage = { cursor: hub.cursor, topics: topics.map(topicKey), backfilled: replayedCount };
          sentCursor = ready.cursor;
          write(frame("ready", ready, ready.cursor));
          buffering = false;
          // Live model text (never stored, so not part of the replay): what is held so far, then
          // every piece as it arrives. These frames carry no id, so Last-Event-ID is unaffected.
          if (liveRunIds.length && !closed) {
            for (const id of liveRunIds) for (const m of live.snapshot(id)) write(frame("live-text", m));
            unsubscribeLive = live.subscribe(liveRunIds, (m) => write(frame("live-text", m)));
          }
          const pending = buffered;
          buffered = [];
          if (pending.length) onEvents(pending);
        } catch (e) {
          write(frame("error", { message: "The event stream failed; reconnecting resumes it." }));
          console.error("[events] stream setup failed", e);
          close();
        }
      })();
    },
    cancel() {
      cleanup();
    },
  });
}

export function sseResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}
