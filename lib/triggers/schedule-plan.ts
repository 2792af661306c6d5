// What one look at a due schedule does, decided from its state and the database time: which fire
// times start a run, which wait (overlap "queue_one"), which are skipped, and the next fire time.
// Pure and table-tested; lib/db/schedule-store applies the plan in one transaction.
import type { ScheduleTrigger } from "@/lib/model/triggers";
import { fireClock, fireTimesBetween } from "./schedule-spec";

/** A fire later than this when first seen was missed (no worker ran): the catch-up policy decides. */
export const ON_TIME_MS = 60_000;
/** Due fire times looked at in one pass at most (a one-second cron after a long outage). */
const MAX_ON_TIME_FIRES = 60;

export interface ScheduleState {
  spec: ScheduleTrigger;
  anchorMs: number;
  nextFireAtMs: number | null;
  queuedFireAtMs: number | null;
  /** The last run this schedule started is still active. */
  lastRunActive: boolean;
}

export type FireAction =
  | { kind: "start"; atMs: number }
  /** Start the fire that waited (queue_one) now that the previous run ended. */
  | { kind: "start_queued"; atMs: number }
  | { kind: "queued"; atMs: number }
  | { kind: "skipped_overlap"; atMs: number };

export interface SchedulePlan {
  actions: FireAction[];
  nextFireAtMs: number | null;
  queuedFireAtMs: number | null;
  /** Late fire times the catch-up policy did not run (not recorded one by one). */
  missed: number;
}

/** The first fire time of a schedule registered (or resumed) at `nowMs`. */
export function firstFireAt(spec: ScheduleTrigger, anchorMs: number, nowMs: number): number | null {
  return fireClock(spec, anchorMs).nextAfter(nowMs);
}

export function planSchedule(s: ScheduleState, nowMs: number): SchedulePlan {
  const { spec } = s;
  const actions: FireAction[] = [];
  let active = s.lastRunActive;
  let queued = s.queuedFireAtMs;
  if (queued !== null && !active) {
    actions.push({ kind: "start_queued", atMs: queued });
    queued = null;
    active = true;
  }
  if (s.nextFireAtMs === null || s.nextFireAtMs > nowMs) {
    return { actions, nextFireAtMs: s.nextFireAtMs, queuedFireAtMs: queued, missed: 0 };
  }
  const clock = fireClock(spec, s.anchorMs);
  const due = fireTimesBetween(clock, s.nextFireAtMs, nowMs, spec.catchUpMax + MAX_ON_TIME_FIRES);
  const onTime = due.times.filter((t) => nowMs - t <= ON_TIME_MS);
  const late = due.times.filter((t) => nowMs - t > ON_TIME_MS);
  const lateTotal = due.total - onTime.length;
  const caughtUp = spec.catchUp === "skip" ? [] : spec.catchUp === "last" ? late.slice(-1) : late.slice(-spec.catchUpMax);
  for (const atMs of [...caughtUp, ...onTime]) {
    if (!active || spec.overlap === "allow") {
      actions.push({ kind: "start", atMs });
      active = true;
    } else if (spec.overlap === "queue_one" && queued === null) {
      actions.push({ kind: "queued", atMs });
      queued = atMs;
    } else {
      actions.push({ kind: "skipped_overlap", atMs });
    }
  }
  return { actions, nextFireAtMs: clock.nextAfter(nowMs), queuedFireAtMs: queued, missed: lateTotal - caughtUp.length };
}
