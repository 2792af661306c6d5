// What people do with schedules: list a workflow's schedules with their next fire times, pause and
// resume one (audited in the same transaction), and preview the next fire times of a cron or an
// interval before publishing it.
import type { RunStatus } from "@/lib/model/vocabulary";
import type { AuthMethod } from "@/lib/auth/session";
import type { AuditInput } from "@/lib/db/audit-store";
import { listWorkflowSchedules, setSchedulePausedTx, type ScheduleListItem } from "@/lib/db/schedule-store";
import type { SqlDb } from "@/lib/db/sql";
import { workflowExists } from "@/lib/db/workflow-store";
import { DomainError, notFound } from "@/lib/errors/domain-error";
import { firstFireAt } from "./schedule-plan";
import { readScheduleSpec } from "./schedule-registry";
import { nextFireTimes, timingProblem, type ScheduleTiming } from "./schedule-spec";

export const PREVIEW_COUNT = 5;

export interface ScheduleView {
  triggerId: string;
  versionId: string;
  paused: boolean;
  /** ISO times of the next fires (empty while paused). */
  nextFireTimes: string[];
  lastFireAt: string | null;
  lastRunId: string | null;
  lastRunStatus: RunStatus | null;
  queuedFireAt: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toView(s: ScheduleListItem): ScheduleView {
  const spec = readScheduleSpec(s.spec);
  const upcoming =
    s.paused || s.nextFireAtMs === null ? [] : [s.nextFireAtMs, ...nextFireTimes(spec, s.anchorMs, s.nextFireAtMs, PREVIEW_COUNT - 1)];
  return {
    triggerId: s.triggerId,
    versionId: s.versionId,
    paused: s.paused,
    nextFireTimes: upcoming.map((t) => new Date(t).toISOString()),
    lastFireAt: iso(s.lastFireAtMs),
    lastRunId: s.lastRunId,
    lastRunStatus: s.lastRunStatus,
    queuedFireAt: iso(s.queuedFireAtMs),
  };
}

/** The registered schedules of a workflow's live version. */
export async function listSchedules(sql: SqlDb, workflowId: string): Promise<ScheduleView[]> {
  if (!(await workflowExists(sql, workflowId))) throw notFound("Workflow");
  return (await listWorkflowSchedules(sql, workflowId)).map(toView);
}

/** Pause or resume one schedule; audited (schedule.paused / schedule.resumed) with the change. */
export async function setSchedulePaused(
  sql: SqlDb,
  req: { workflowId: string; triggerId: string; paused: boolean },
  actor: { id: string; authMethod: AuthMethod },
): Promise<ScheduleView> {
  const out = await setSchedulePausedTx(sql, {
    ...req,
    nextFireAt: (spec, anchorMs, nowMs) => firstFireAt(readScheduleSpec(spec), anchorMs, nowMs),
    audit: (atMs, s): AuditInput => ({
      atMs,
      actorId: actor.id,
      actorType: actor.authMethod === "api_key" ? "api_key" : "user",
      action: req.paused ? "schedule.paused" : "schedule.resumed",
      targetType: "workflow",
      targetId: req.workflowId,
      data: { triggerId: req.triggerId, nextFireAt: iso(s.nextFireAtMs) },
    }),
  });
  if (!out.ok) throw notFound("Schedule");
  return toView({ ...out.schedule, lastRunStatus: null });
}

/** The next fire times of a timing from `fromMs` (an interval counts from `fromMs` as its anchor). */
export function previewFireTimes(t: ScheduleTiming, fromMs: number, n = PREVIEW_COUNT): string[] {
  const why = timingProblem(t);
  if (why !== null)
    throw new DomainError("invalid_schedule", why, {
      problems: [{ path: t.cron !== undefined ? "cron" : "intervalSeconds", message: why }],
    });
  return nextFireTimes(t, fromMs, fromMs, n).map((ms) => new Date(ms).toISOString());
}
