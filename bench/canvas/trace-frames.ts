// Main-thread work per animation frame, from a Chromium trace (Trace Event Format).
// The renderer main thread is the one that recorded the start mark. Its top-level tasks (RunTask,
// merged where they nest) are summed per frame; frames are delimited by the rAF callbacks the
// benchmark keeps running (FireAnimationFrame), which all run in the one rendering task of a frame.

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
}

const SAME_FRAME_US = 4_000;

/** Milliseconds of main-thread work in each frame between the two performance marks. */
export function frameWork(events: readonly TraceEvent[], startMark: string, endMark: string): number[] {
  const start = events.find((e) => e.name === startMark);
  const end = events.find((e) => e.name === endMark);
  if (!start || !end) throw new Error(`trace lacks the marks ${startMark} / ${endMark}`);
  const onMain = (e: TraceEvent) => e.pid === start.pid && e.tid === start.tid;

  // Top-level tasks as disjoint [from, to) intervals.
  const tasks = events
    .filter((e) => onMain(e) && e.ph === "X" && e.name === "RunTask" && e.dur !== undefined)
    .map((e) => [e.ts, e.ts + (e.dur ?? 0)] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of tasks) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }

  const boundaries: number[] = [];
  for (const e of events.filter((x) => onMain(x) && x.name === "FireAnimationFrame").sort((a, b) => a.ts - b.ts)) {
    if (e.ts < start.ts || e.ts > end.ts) continue;
    if (boundaries.length === 0 || e.ts - boundaries[boundaries.length - 1] > SAME_FRAME_US) boundaries.push(e.ts);
  }

  const work: number[] = [];
  for (let i = 1; i < boundaries.length; i++) {
    const [from, to] = [boundaries[i - 1], boundaries[i]];
    let busy = 0;
    for (const [a, b] of merged) {
      if (b <= from) continue;
      if (a >= to) break;
      busy += Math.min(b, to) - Math.max(a, from);
    }
    work.push(busy / 1000);
  }
  return work;
}
