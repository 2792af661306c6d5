// How a parked Wait for event / Wait for callback step is found by an outside delivery: the step's
// stored input carries `waitKey`, and the engine store copies it into the indexed `Step.waitKey`
// column while the step is waiting. Isomorphic, so the executors (which build the key when the step
// parks) and lib/db (which looks the key up for an event or a callback) share one definition. The
// column keeps the key after the step ends (queries filter on status = 'waiting'), so a second callback
// to a finished step is recognised (409) instead of looking unknown (404).

/** Event names: what a publisher sends and a trigger or Wait for event subscribes to. */
export const EVENT_NAME_PATTERN = /^[A-Za-z0-9_.:/-]{1,200}$/;
export const MAX_CORRELATION_KEY_LENGTH = 500;

const SEP = "\u001f";

/** The key of a step waiting for event `name` correlated to `key` (null: events published without a key). */
export function eventWaitKey(name: string, key: string | null): string {
  return `ev:${name}${SEP}${key ?? ""}`;
}

/** The key of a Wait for callback step: its callback token (an unguessable capability, one per parked step). */
export function callbackWaitKey(token: string): string {
  return `cb:${token}`;
}

/** The path of a callback URL; the application prefixes its base URL (SWITCHYARD_BASE_URL). */
export function callbackPath(token: string): string {
  return `/api/v1/callbacks/${token}`;
}

/** Callback tokens: 32 random bytes, base64url. */
export const CALLBACK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isEventWaitKey(k: string): boolean {
  return k.startsWith("ev:");
}

/** What a parked wait step stores as its input: the index key plus what the run page shows. */
export interface WaitParkInfo {
  waitKey: string;
  [k: string]: unknown;
}

/** The wait key of a waiting step's stored input, or null. */
export function waitKeyOfInput(input: unknown): string | null {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return null;
  const k = (input as { waitKey?: unknown }).waitKey;
  return typeof k === "string" && k.length > 0 ? k : null;
}

/**
 * What an outside delivery writes into the waiting step's `output` (the step stays `waiting` until its
 * run's worker resumes it; the executor turns it into the step's real output).
 */
export interface WaitDelivery {
  delivery: { source: "event" | "callback"; id: string; data: unknown; atMs: number; name?: string; key?: string | null };
}

export function deliveryOf(output: unknown): WaitDelivery["delivery"] | null {
  if (typeof output !== "object" || output === null || Array.isArray(output)) return null;
  const d = (output as { delivery?: unknown }).delivery;
  return typeof d === "object" && d !== null && "source" in d ? (d as WaitDelivery["delivery"]) : null;
}
