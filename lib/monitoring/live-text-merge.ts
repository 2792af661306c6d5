// Live text: what a model is writing for a running agent step, streamed to the run view and the SSE
// API while the call runs and never stored (the step's output, written when the step ends, is the
// record). Isomorphic: the server's buffer and the browser fold chunks with the same function.
//
// A chunk says where its text starts in the call's answer (`offset`), so a reader that joined late
// (a reconnecting browser gets a snapshot from offset 0, a web process that began listening mid-call
// has only what it heard) and a chunk heard twice fold to the same text without a sequence number.

/** One model call of one step: runId, stepKey and the call's sub-step number. */
export interface LiveTextKey {
  runId: string;
  stepKey: string;
  seq: number;
}

/** `event: live-text` — a piece of a streaming answer (or, right after `ready`, everything so far). */
export interface LiveTextMessage extends LiveTextKey {
  /** Where `text` starts in the call's answer. */
  offset: number;
  text: string;
  /** The call has ended (answered or failed); the step's output follows with the step's events. */
  done: boolean;
}

/** What a reader holds for one call: the answer from `from` on (from > 0: the start was missed). */
export interface LiveText extends LiveTextKey {
  from: number;
  text: string;
  done: boolean;
}

/** Longest text kept per call; the rest of a longer answer arrives with the step's output. */
export const MAX_LIVE_TEXT_CHARS = 200_000;

export function liveTextKey(k: LiveTextKey): string {
  return `${k.runId}\u0000${k.stepKey}\u0000${k.seq}`;
}

/** Fold a chunk into what is held for its call (a new object; `prev` is not changed). */
export function foldLiveText(prev: LiveText | undefined, m: LiveTextMessage): LiveText {
  const base = { runId: m.runId, stepKey: m.stepKey, seq: m.seq };
  if (!prev) return { ...base, from: m.offset, text: m.text.slice(0, MAX_LIVE_TEXT_CHARS), done: m.done };
  const end = prev.from + prev.text.length;
  let text = prev.text;
  let from = prev.from;
  if (m.offset > end) {
    // a gap (chunks were missed): keep what is contiguous with the newest piece
    from = m.offset;
    text = m.text;
  } else if (m.offset + m.text.length > end) {
    text = prev.text + m.text.slice(end - m.offset);
  }
  return { ...base, from, text: text.slice(0, MAX_LIVE_TEXT_CHARS), done: prev.done || m.done };
}
