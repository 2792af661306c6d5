"use client";
import { useEffect, useRef, useState } from "react";
import { eventsUrl } from "@/lib/monitoring/topics";
import type { InboxChange, InboxChangedMessage } from "@/lib/monitoring/sse-messages";

export type LiveState = "connecting" | "live" | "offline";

/**
 * Subscribe to the inbox topic of GET /api/v1/events (docs/monitoring.md). `onChanges` receives task
 * lifecycle changes, or "reset" when too much was missed (refetch everything). EventSource
 * reconnects by itself and resumes with Last-Event-ID; callers poll slowly while "offline".
 */
export function useInboxEvents(onChanges: (changes: InboxChange[] | "reset") => void): LiveState {
  const [state, setState] = useState<LiveState>("connecting");
  const handler = useRef(onChanges);
  useEffect(() => {
    handler.current = onChanges;
  }, [onChanges]);

  useEffect(() => {
    const es = new EventSource(eventsUrl(["inbox"]));
    let dropped = false;
    es.addEventListener("ready", () => {
      setState("live");
      // after a drop the server replays what it can; refetch anyway so nothing is stale
      if (dropped) handler.current("reset");
      dropped = false;
    });
    es.addEventListener("inbox", (e) => {
      try {
        const msg = JSON.parse((e as MessageEvent<string>).data) as InboxChangedMessage;
        handler.current(msg.changes);
      } catch {
        handler.current("reset");
      }
    });
    es.addEventListener("reset", () => handler.current("reset"));
    es.onerror = () => {
      dropped = true;
      setState(es.readyState === EventSource.CLOSED ? "offline" : "connecting");
    };
    es.onopen = () => setState("live");
    return () => es.close();
  }, []);
  return state;
}
