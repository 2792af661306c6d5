"use client";
// Subscribes a page to GET /api/v1/events (one EventSource per page). EventSource reconnects by
// itself after network errors and sends Last-Event-ID; when the server closes the stream for good
// (e.g. a deploy) we reopen it ourselves from the last id seen, with back-off. Contract:
// docs/monitoring.md.
import { useEffect, useRef, useState } from "react";
import { SSE_EVENT_NAMES, type SseEventName } from "@/lib/monitoring/sse-messages";
import { eventsUrl } from "@/lib/monitoring/topics";

export type StreamStatus = "connecting" | "live" | "reconnecting" | "offline";

export interface EventStreamOptions {
  /** null disables the stream. */
  topics: string[] | null;
  /** Resume point: the cursor the page's data was read at. */
  lastEventId?: number | null;
  onMessage: (name: SseEventName, data: unknown, id: number | null) => void;
}

export function useEventStream({ topics, lastEventId, onMessage }: EventStreamOptions): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const handler = useRef(onMessage);
  /** Last id seen on this stream; before the first one, the page's cursor (it may arrive after mount). */
  const lastId = useRef<number | null>(null);
  const pageCursor = useRef<number | null>(lastEventId ?? null);
  useEffect(() => {
    handler.current = onMessage;
    pageCursor.current = lastEventId ?? null;
  });
  const key = topics ? topics.join(",") : null;

  useEffect(() => {
    if (!key) return;
    let es: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let disposed = false;

    const open = () => {
      if (disposed) return;
      es = new EventSource(eventsUrl(key.split(","), lastId.current ?? pageCursor.current));
      for (const name of SSE_EVENT_NAMES) {
        es.addEventListener(name, (ev) => {
          const m = ev as MessageEvent<string>;
          if (m.lastEventId) lastId.current = Number(m.lastEventId);
          if (name === "ready") {
            attempts = 0;
            setStatus("live");
          }
          let data: unknown = null;
          try {
            data = JSON.parse(m.data) as unknown;
          } catch {
            return;
          }
          handler.current(name, data, m.lastEventId ? Number(m.lastEventId) : null);
        });
      }
      es.onerror = () => {
        if (!es) return;
        if (es.readyState === EventSource.CONNECTING) {
          setStatus("reconnecting");
          return;
        }
        // closed for good (an HTTP error or the server went away): reopen later ourselves
        es.close();
        es = null;
        setStatus("offline");
        attempts++;
        retryTimer = setTimeout(open, Math.min(30_000, 1000 * 2 ** Math.min(attempts, 5)));
      };
    };
    open();
    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      es?.close();
    };
  }, [key]);

  return key ? status : "offline";
}
