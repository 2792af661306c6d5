// When a schedule fires: a cron expression (5 or 6 fields, read by croner in an IANA time zone,
// daylight-saving transitions as croner documents them) or a fixed interval counted from the
// schedule's anchor. Pure: no clock, no database; every function takes the instant to count from.
import { Cron } from "croner";
import type { ScheduleTrigger } from "@/lib/model/triggers";

/** What decides a schedule's fire times (not its input or policies). */
export type ScheduleTiming = Pick<ScheduleTrigger, "cron" | "intervalSeconds" | "timezone">;

/** A fire-time source: the first fire strictly after `afterMs`, or null when there is none (e.g. `0 0 30 2 *`). */
export interface FireClock {
  nextAfter(afterMs: number): number | null;
  /** The newest `n` fire times at or before `untilMs`, oldest first. */
  latest(untilMs: number, n: number): number[];
}

function cronClock(cron: string, timezone: string): FireClock {
  const job = new Cron(cron, { timezone, mode: "5-or-6-parts", paused: true });
  return {
    nextAfter(afterMs) {
      const next = job.nextRun(new Date(afterMs));
      return next ? next.getTime() : null;
    },
    latest(untilMs, n) {
      return job
        .previousRuns(n, new Date(untilMs + 1))
        .map((d) => d.getTime())
        .filter((t) => t <= untilMs)
        .reverse();
    },
  };
}

function intervalClock(intervalSeconds: number, anchorMs: number): FireClock {
  const period = intervalSeconds * 1000;
  return {
    nextAfter(afterMs) {
      return anchorMs + period * Math.max(1, Math.floor((afterMs - anchorMs) / period) + 1);
    },
    latest(untilMs, n) {
      const k = Math.floor((untilMs - anchorMs) / period);
      const out: number[] = [];
      for (let i = Math.max(1, k - n + 1); i <= k; i++) out.push(anchorMs + period * i);
      return out;
    },
  };
}

/** The clock of a schedule; throws a plain Error with croner's message for a bad cron or time zone. */
export function fireClock(t: ScheduleTiming, anchorMs: number): FireClock {
  if (t.cron !== undefined) return cronClock(t.cron, t.timezone);
  if (t.intervalSeconds !== undefined) return intervalClock(t.intervalSeconds, anchorMs);
  throw new Error("A schedule needs a cron expression or an interval");
}

/** Why a timing cannot be used (bad cron, unknown time zone), or null when it can. */
export function timingProblem(t: ScheduleTiming): string | null {
  try {
    fireClock(t, 0).nextAfter(Date.UTC(2026, 0, 1));
    return null;
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^Cron(Pattern|Date): /, "") : String(e);
  }
}

/** The next `n` fire times after `afterMs`. */
export function nextFireTimes(t: ScheduleTiming, anchorMs: number, afterMs: number, n: number): number[] {
  const clock = fireClock(t, anchorMs);
  const out: number[] = [];
  let at = afterMs;
  while (out.length < n) {
    const next = clock.nextAfter(at);
    if (next === null) break;
    out.push(next);
    at = next;
  }
  return out;
}

/**
 * The fire times from `fromMs` (inclusive) to `untilMs` (inclusive), oldest first: the newest
 * `limit` of them, and how many there are in all (counted up to `countCap`, so a one-second cron
 * after a long outage stays cheap).
 */
export function fireTimesBetween(
  clock: FireClock,
  fromMs: number,
  untilMs: number,
  limit: number,
  countCap = 10_000,
): { times: number[]; total: number } {
  if (fromMs > untilMs) return { times: [], total: 0 };
  const times = clock.latest(untilMs, limit).filter((t) => t >= fromMs);
  let total = 0;
  for (let at: number | null = fromMs; at !== null && at <= untilMs && total < countCap; at = clock.nextAfter(at)) total++;
  return { times, total: Math.max(total, times.length) };
}

/** A stable text of the timing: a change resets the anchor and the next fire time at publish. */
export function timingKey(t: ScheduleTiming): string {
  return t.cron !== undefined ? `cron:${t.cron.trim()}@${t.timezone}` : `every:${t.intervalSeconds}s`;
}
