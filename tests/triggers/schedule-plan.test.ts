// The deterministic core of schedules, without a database: fire times (cron in a time zone, DST as
// croner documents it, intervals from the anchor) and the plan of one look at a due schedule
// (catch-up and overlap policies).
import { describe, expect, it } from "vitest";
import { scheduleTriggerSchema, type ScheduleTrigger } from "@/lib/model/triggers";
import { ON_TIME_MS, planSchedule, type ScheduleState } from "@/lib/triggers/schedule-plan";
import { fireClock, fireTimesBetween, nextFireTimes, timingProblem } from "@/lib/triggers/schedule-spec";
import { previewFireTimes } from "@/lib/triggers/schedule-service";

const iso = (ms: number[]) => ms.map((t) => new Date(t).toISOString());
const at = (s: string) => Date.parse(s);
const spec = (over: Partial<ScheduleTrigger>): ScheduleTrigger =>
  scheduleTriggerSchema.parse({ kind: "schedule", id: "sched-0001", intervalSeconds: 60, ...over });

describe("fire times", () => {
  it("reads a 5-field cron in its time zone", () => {
    expect(iso(nextFireTimes({ cron: "0 9 * * 1-5", timezone: "America/New_York" }, 0, at("2026-07-03T14:00:00Z"), 3))).toEqual([
      "2026-07-06T13:00:00.000Z", // Monday 09:00 EDT (Friday 09:00 is past)
      "2026-07-07T13:00:00.000Z",
      "2026-07-08T13:00:00.000Z",
    ]);
  });

  it("reads a 6-field cron with seconds and refuses 7 fields, garbage and unknown time zones", () => {
    expect(iso(nextFireTimes({ cron: "*/20 * * * * *", timezone: "UTC" }, 0, at("2026-01-01T00:00:00Z"), 3))).toEqual([
      "2026-01-01T00:00:20.000Z",
      "2026-01-01T00:00:40.000Z",
      "2026-01-01T00:01:00.000Z",
    ]);
    expect(timingProblem({ cron: "0 0 0 * * * 2027", timezone: "UTC" })).toMatch(/5 or 6 parts/);
    expect(timingProblem({ cron: "every day", timezone: "UTC" })).toMatch(/five, six, or seven/);
    expect(timingProblem({ cron: "0 9 * * *", timezone: "Mars/Olympus" })).toMatch(/timezone/i);
    expect(timingProblem({ cron: "0 9 * * *", timezone: "Europe/Berlin" })).toBeNull();
  });

  it("Europe/Berlin spring forward: a fixed 02:30 job runs at 03:00 CEST that day; an hourly :30 job skips the missing 02:30", () => {
    const berlin = (cron: string, from: string, n: number) => iso(nextFireTimes({ cron, timezone: "Europe/Berlin" }, 0, at(from), n));
    expect(berlin("30 2 * * *", "2026-03-28T12:00:00Z", 2)).toEqual([
      "2026-03-29T01:00:00.000Z", // 03:00 CEST, the first valid time after the gap
      "2026-03-30T00:30:00.000Z", // 02:30 CEST
    ]);
    expect(berlin("30 * * * *", "2026-03-29T00:00:00Z", 2)).toEqual([
      "2026-03-29T00:30:00.000Z", // 01:30 CET
      "2026-03-29T01:30:00.000Z", // 03:30 CEST: 02:30 does not exist
    ]);
  });

  it("Europe/Berlin fall back: a fixed 02:30 job runs once (first occurrence); an hourly :30 job runs in both 02:30s", () => {
    const berlin = (cron: string, from: string, n: number) => iso(nextFireTimes({ cron, timezone: "Europe/Berlin" }, 0, at(from), n));
    expect(berlin("30 2 * * *", "2026-10-24T12:00:00Z", 2)).toEqual([
      "2026-10-25T00:30:00.000Z", // 02:30 CEST
      "2026-10-26T01:30:00.000Z", // next day 02:30 CET: the repeated 02:30 CET (01:30Z on the 25th) is skipped
    ]);
    expect(berlin("30 * * * *", "2026-10-25T00:00:00Z", 3)).toEqual([
      "2026-10-25T00:30:00.000Z", // 02:30 CEST
      "2026-10-25T01:30:00.000Z", // 02:30 CET, the repeated hour
      "2026-10-25T02:30:00.000Z", // 03:30 CET
    ]);
  });

  it("counts intervals from the anchor, not from the last fire or the wall clock", () => {
    const anchor = at("2026-01-01T00:00:07Z");
    const clock = fireClock({ intervalSeconds: 3600, timezone: "UTC" }, anchor);
    expect(iso([clock.nextAfter(anchor - 5000)!, clock.nextAfter(anchor)!, clock.nextAfter(anchor + 3_600_000)!])).toEqual([
      "2026-01-01T01:00:07.000Z",
      "2026-01-01T01:00:07.000Z",
      "2026-01-01T02:00:07.000Z",
    ]);
    expect(iso(clock.latest(at("2026-01-01T05:30:00Z"), 2))).toEqual(["2026-01-01T04:00:07.000Z", "2026-01-01T05:00:07.000Z"]);
  });

  it("lists the newest fire times of a long outage cheaply and counts them", () => {
    const clock = fireClock({ cron: "* * * * * *", timezone: "UTC" }, 0);
    const from = at("2026-01-01T00:00:00Z");
    const r = fireTimesBetween(clock, from, from + 3 * 86_400_000, 3);
    expect(iso(r.times)).toEqual(["2026-01-03T23:59:58.000Z", "2026-01-03T23:59:59.000Z", "2026-01-04T00:00:00.000Z"]);
    expect(r.total).toBe(10_000); // counted up to the cap
  });

  it("previews five fire times and refuses a bad cron with invalid_schedule", () => {
    expect(previewFireTimes({ cron: "0 12 * * *", timezone: "Asia/Tokyo" }, at("2026-05-01T00:00:00Z"))).toEqual([
      "2026-05-01T03:00:00.000Z",
      "2026-05-02T03:00:00.000Z",
      "2026-05-03T03:00:00.000Z",
      "2026-05-04T03:00:00.000Z",
      "2026-05-05T03:00:00.000Z",
    ]);
    expect(() => previewFireTimes({ cron: "61 * * * *", timezone: "UTC" }, 0)).toThrow(
      expect.objectContaining({ code: "invalid_schedule" }),
    );
  });
});

describe("planSchedule", () => {
  const now = at("2026-06-01T12:00:00Z");
  const minute = 60_000;
  // a one-minute interval whose fires fall on whole minutes
  const state = (over: Partial<ScheduleState>, s: Partial<ScheduleTrigger> = {}): ScheduleState => ({
    spec: spec(s),
    anchorMs: at("2026-06-01T00:00:00Z"),
    nextFireAtMs: now,
    queuedFireAtMs: null,
    lastRunActive: false,
    ...over,
  });

  it("does nothing before the next fire time", () => {
    expect(planSchedule(state({ nextFireAtMs: now + 1 }), now)).toEqual({
      actions: [],
      nextFireAtMs: now + 1,
      queuedFireAtMs: null,
      missed: 0,
    });
  });

  it("starts a fire that is due and moves the next fire time past the database time", () => {
    expect(planSchedule(state({}), now + 500)).toEqual({
      actions: [{ kind: "start", atMs: now }],
      nextFireAtMs: now + minute,
      queuedFireAtMs: null,
      missed: 0,
    });
  });

  it.each([
    ["skip", {}, [], 11],
    ["last", {}, [now], 10],
    ["all", { catchUpMax: 3 }, [now - 10 * minute, now - 5 * minute, now], 8],
    ["all", { catchUpMax: 1000 }, Array.from({ length: 11 }, (_, i) => now - (10 - i) * 5 * minute), 0],
  ] as const)("after an outage, catch-up %s %j runs %j and drops the rest", (catchUp, extra, started, missed) => {
    // a five-minute interval; no worker ran from 11:08 to 12:02, so the eleven fires 11:10 … 12:00 are late
    const p = planSchedule(
      state({ nextFireAtMs: now - 50 * minute }, { intervalSeconds: 300, catchUp, overlap: "allow", ...extra }),
      now + 2 * minute,
    );
    expect(2 * minute).toBeGreaterThan(ON_TIME_MS);
    expect(p.actions).toEqual(started.map((atMs) => ({ kind: "start", atMs })));
    expect(p.missed).toBe(missed);
    expect(p.nextFireAtMs).toBe(now + 5 * minute);
  });

  it("runs fires that are late by less than a minute whatever the catch-up policy", () => {
    const p = planSchedule(state({ nextFireAtMs: now - 20_000 }, { intervalSeconds: 20, catchUp: "skip", overlap: "allow" }), now + 10_000);
    expect(p.actions).toEqual([
      { kind: "start", atMs: now - 20_000 },
      { kind: "start", atMs: now },
    ]);
  });

  it("overlap skip records the fire as skipped while the last run is active", () => {
    expect(planSchedule(state({ lastRunActive: true }, { overlap: "skip" }), now).actions).toEqual([
      { kind: "skipped_overlap", atMs: now },
    ]);
  });

  it("overlap allow starts anyway", () => {
    expect(planSchedule(state({ lastRunActive: true }, { overlap: "allow" }), now).actions).toEqual([{ kind: "start", atMs: now }]);
  });

  it("overlap queue_one keeps one fire waiting, skips the next, and starts the waiting one when the run ends", () => {
    const first = planSchedule(state({ lastRunActive: true }, { overlap: "queue_one" }), now);
    expect(first).toMatchObject({ actions: [{ kind: "queued", atMs: now }], queuedFireAtMs: now });
    const second = planSchedule(
      state({ lastRunActive: true, queuedFireAtMs: now, nextFireAtMs: now + minute }, { overlap: "queue_one" }),
      now + minute,
    );
    expect(second).toMatchObject({ actions: [{ kind: "skipped_overlap", atMs: now + minute }], queuedFireAtMs: now });
    const ended = planSchedule(
      state({ lastRunActive: false, queuedFireAtMs: now, nextFireAtMs: now + 2 * minute }, { overlap: "queue_one" }),
      now + minute + 5,
    );
    expect(ended).toEqual({
      actions: [{ kind: "start_queued", atMs: now }],
      nextFireAtMs: now + 2 * minute,
      queuedFireAtMs: null,
      missed: 0,
    });
  });

  it("a cron that never fires again leaves no next fire time", () => {
    const p = planSchedule(
      state({ nextFireAtMs: at("2026-02-28T00:00:00Z"), spec: spec({ cron: "0 0 28 2 *", intervalSeconds: undefined }) }),
      now,
    );
    expect(p.nextFireAtMs).toBe(at("2027-02-28T00:00:00Z"));
    const never = fireClock({ cron: "0 0 30 2 *", timezone: "UTC" }, 0);
    expect(never.nextAfter(now)).toBeNull();
  });
});
