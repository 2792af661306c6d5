// The payloads of the SSE endpoint (GET /api/v1/events). Isomorphic: the browser parses the same
// shapes. Contract documented in docs/monitoring.md.

/** `event: run-event` — one RunEvent of a run the client subscribed to (topic run:<id>). */
export interface RunEventMessage {
  id: number;
  runId: string;
  type: string;
  stepKey: string | null;
  data: unknown;
  atMs: number;
}

/** `event: runs` — runs that changed since the previous notice (topic runs). */
export interface RunsChangedMessage {
  runIds: string[];
  types: string[];
  maxEventId: number;
}

export interface InboxChange {
  type: string;
  runId: string;
  taskId: string | null;
  stepKey: string | null;
}

/** `event: inbox` — task lifecycle changes (topic inbox). */
export interface InboxChangedMessage {
  changes: InboxChange[];
  maxEventId: number;
}

/** `event: ready` — sent once after the backfill; `cursor` is the resume position. */
export interface ReadyMessage {
  cursor: number;
  topics: string[];
  backfilled: number;
}

/** `event: reset` — too much was missed to replay: refetch the page's data, then continue. */
export interface ResetMessage {
  reason: string;
  cursor: number;
}

export type { LiveTextMessage } from "./live-text-merge";

export const SSE_EVENT_NAMES = ["run-event", "runs", "inbox", "ready", "reset", "live-text"] as const;
export type SseEventName = (typeof SSE_EVENT_NAMES)[number];
