// The schedule tick of every worker loop: one cheap indexed look for due schedules (database
// clock), then each due schedule is fired in its own transaction (lib/db/schedule-store): the
// schedule row is locked (another worker holding it is skipped), each fire time is claimed
// insert-or-nothing and its run created in the same transaction, so with any number of workers a
// fire time starts exactly one run. Runs start the live version through the run service's checks
// (prepareStart) with trigger "schedule" and the trigger's input.
import { findDueSchedules, fireScheduleTx, readSchedule, type FireOutcome } from "@/lib/db/schedule-store";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { findStartVersion } from "@/lib/db/start-version";
import type { NewRun, Notifier } from "@/lib/engine/ports";
import { prepareStart, type EngineDeps, type PreparedStart } from "@/lib/engine/run-service";
import { planSchedule } from "./schedule-plan";
import { readScheduleSpec } from "./schedule-registry";

/**
 * Without a due schedule in sight, a loop pass looks again when this long has passed (a schedule
 * published or resumed elsewhere wakes the loop: NOTIFY, or the in-process notifier).
 */
const RESCAN_MS = 250;
/** Due schedules fired per look; more are fired on the next loop at once. */
const BATCH = 20;

export interface ScheduleTickDeps extends EngineDeps {
  sql: SqlDb;
  /** The SQL engine store: runs are created inside the fire transaction. */
  store: EngineDeps["store"] & { createRunInTx(q: SqlQuery, run: NewRun): Promise<unknown> };
  notifier?: Notifier;
  /**
   * Wakes the tick for a schedule that may have changed in this process (a publish, a version made
   * live, a resume). Without it any notification does, run starts included: in a burst of starts
   * that meant a schedule look on nearly every worker pass instead of one per RESCAN_MS.
   */
  schedulesChanged?: Pick<Notifier, "subscribe">;
  log?: (level: "info" | "warn" | "error", msg: string, extra?: Record<string, unknown>) => void;
}

export class ScheduleTicker {
  /** Database time of the earliest fire not yet due (from the last look), or null. */
  private nextDueMs: number | null = null;
  /** Database time minus process time, measured at each look (only to decide when to look). */
  private clockOffsetMs = 0;
  private lastLookAt = Number.NEGATIVE_INFINITY;
  private running: Promise<void> | null = null;

  constructor(private readonly deps: ScheduleTickDeps) {
    // a publish or resume in this process: the next loop pass looks, however recent the last look
    (deps.schedulesChanged ?? deps.notifier)?.subscribe(() => {
      this.lastLookAt = Number.NEGATIVE_INFINITY;
    });
  }

  /** For the worker's sleep: when the next fire is due (database time). */
  nextDueAt = (): number | null => this.nextDueMs;

  /** The worker hook: look when a fire may be due or RESCAN_MS passed; never throws. */
  tick = async (): Promise<void> => {
    const estimate = Date.now() + this.clockOffsetMs;
    const maybeDue = this.nextDueMs !== null && estimate >= this.nextDueMs;
    if (!maybeDue && Date.now() - this.lastLookAt < RESCAN_MS) return;
    if (this.running) return this.running;
    const run = this.fireDue()
      .then(() => undefined)
      .catch((e: unknown) => this.log("warn", "schedule tick failed", { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        this.running = null;
      });
    this.running = run;
    return run;
  };

  /** Look and fire until nothing is due (tests call it directly). */
  async fireDue(): Promise<FireOutcome[]> {
    const outcomes: FireOutcome[] = [];
    for (let round = 0; round < 50; round++) {
      this.lastLookAt = Date.now();
      const look = await findDueSchedules(this.deps.sql, BATCH);
      this.clockOffsetMs = look.nowMs - Date.now();
      this.nextDueMs = look.nextDueMs;
      if (!look.due.length) break;
      let progressed = false;
      for (const id of look.due) {
        const out = await this.fireOne(id);
        if (out) {
          outcomes.push(out);
          progressed = true;
        }
      }
      if (!progressed) break; // every due schedule is held by another worker right now
    }
    return outcomes;
  }

  private async fireOne(scheduleId: string): Promise<FireOutcome | null> {
    // The start is checked outside the transaction (version, start policy, input); the fire
    // transaction then builds the run at the database time.
    const schedule = await readSchedule(this.deps.sql, scheduleId);
    if (!schedule) return null;
    const spec = readScheduleSpec(schedule.spec);
    let start: PreparedStart | { error: string };
    try {
      const live = await findStartVersion(this.deps.sql, schedule.workflowId);
      start = live
        ? await prepareStart(this.deps, { versionId: live.id, input: spec.input, initiatorId: null, trigger: "schedule" })
        : { error: "The workflow has no live version" };
    } catch (e) {
      start = { error: e instanceof Error ? e.message : String(e) };
    }
    const context = { scheduleId, triggerId: schedule.triggerId };
    const out = await fireScheduleTx(this.deps.sql, scheduleId, {
      plan: (state, now) => planSchedule({ ...state, spec: readScheduleSpec(state.spec) }, now),
      buildRun: (fireAtMs, now) =>
        "error" in start ? start : start.build(now, { ...context, fireAt: new Date(fireAtMs).toISOString() }).run,
      createRunInTx: (q, run) => this.deps.store.createRunInTx(q, run),
    });
    if (out?.started.length) this.deps.notifier?.notify();
    for (const f of out?.failed ?? [])
      this.log("warn", "scheduled run could not start", { scheduleId, fireAtMs: f.fireAtMs, error: f.error });
    return out;
  }

  private log(level: "info" | "warn" | "error", msg: string, extra?: Record<string, unknown>): void {
    (this.deps.log ?? ((l, m, x) => console[l === "info" ? "log" : l](`[schedules] ${m}`, x ?? "")))(level, msg, extra);
  }
}
