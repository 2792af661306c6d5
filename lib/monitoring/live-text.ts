// The process's buffer of live model text (see live-text-merge.ts): one entry per running model call,
// fed by the agent runtime in this process and, on PostgreSQL, by other processes' notifications
// (lib/agents/live-text-publisher.ts). SSE connections send a run's entries right after `ready`
// (so a reconnecting browser gets the text so far) and then every chunk as it arrives.
//
// Memory: an entry lives while its call runs and `keepDoneMs` after it ended (the step's commit,
// which carries the final answer, follows within milliseconds); entries a crashed worker left are
// dropped after `staleMs` without a chunk. At most MAX_LIVE_TEXT_CHARS per entry.
import { foldLiveText, liveTextKey, type LiveText, type LiveTextMessage } from "./live-text-merge";

export type LiveTextListener = (m: LiveTextMessage) => void;

export interface LiveTextHubOptions {
  keepDoneMs?: number;
  staleMs?: number;
}

export class LiveTextHub {
  private readonly calls = new Map<string, LiveText & { touchedMs: number }>();
  private readonly listeners = new Map<string, Set<LiveTextListener>>();
  private readonly keepDoneMs: number;
  private readonly staleMs: number;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(opts: LiveTextHubOptions = {}) {
    this.keepDoneMs = opts.keepDoneMs ?? 10_000;
    this.staleMs = opts.staleMs ?? 10 * 60_000;
  }

  get size(): number {
    return this.calls.size;
  }

  publish(m: LiveTextMessage): void {
    const key = liveTextKey(m);
    const now = Date.now();
    this.calls.set(key, { ...foldLiveText(this.calls.get(key), m), touchedMs: now });
    this.scheduleSweep();
    const subs = this.listeners.get(m.runId);
    if (!subs) return;
    for (const fn of subs) {
      try {
        fn(m);
      } catch (e) {
        console.warn("[live-text] listener failed", String(e));
      }
    }
  }

  /** Everything held for the run, as messages from the start of what is held. */
  snapshot(runId: string): LiveTextMessage[] {
    const out: LiveTextMessage[] = [];
    for (const c of this.calls.values()) {
      if (c.runId === runId) out.push({ runId, stepKey: c.stepKey, seq: c.seq, offset: c.from, text: c.text, done: c.done });
    }
    return out.sort((a, b) => (a.stepKey === b.stepKey ? a.seq - b.seq : a.stepKey < b.stepKey ? -1 : 1));
  }

  subscribe(runIds: readonly string[], fn: LiveTextListener): () => void {
    for (const id of runIds) {
      let set = this.listeners.get(id);
      if (!set) this.listeners.set(id, (set = new Set()));
      set.add(fn);
    }
    return () => {
      for (const id of runIds) {
        const set = this.listeners.get(id);
        set?.delete(fn);
        if (set && !set.size) this.listeners.delete(id);
      }
    };
  }

  private scheduleSweep(): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setTimeout(
      () => {
        this.sweepTimer = null;
        this.sweep(Date.now());
      },
      Math.min(this.keepDoneMs, 1000),
    );
    this.sweepTimer.unref?.();
  }

  /** Drop entries whose call ended `keepDoneMs` ago or went silent for `staleMs`. */
  sweep(now: number): void {
    for (const [k, c] of this.calls) {
      if (now - c.touchedMs >= (c.done ? this.keepDoneMs : this.staleMs)) this.calls.delete(k);
    }
    if (this.calls.size) this.scheduleSweep();
  }
}

const g = globalThis as unknown as { __switchyardLiveText?: LiveTextHub };

/** The process-wide buffer (shared by the worker's agent runtime and every route bundle). */
export function liveTextHub(): LiveTextHub {
  g.__switchyardLiveText ??= new LiveTextHub();
  return g.__switchyardLiveText;
}
