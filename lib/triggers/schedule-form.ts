// The editor's rules for a schedule trigger's form, free of React and croner (the browser bundle
// asks the server for fire times): switching between cron and interval keeps exactly one of them,
// and the preview URL says what to ask.
import type { ScheduleTrigger } from "@/lib/model/triggers";

export type TimingMode = "cron" | "interval";

export const timingMode = (t: Pick<ScheduleTrigger, "cron">): TimingMode => (t.cron !== undefined ? "cron" : "interval");

/** The trigger with the other timing: cron ↔ interval, never both (the schema refuses both). */
export function withTimingMode(t: ScheduleTrigger, mode: TimingMode): ScheduleTrigger {
  if (mode === timingMode(t)) return t;
  const rest = { ...t };
  delete rest.cron;
  delete rest.intervalSeconds;
  return mode === "cron" ? { ...rest, cron: "0 9 * * 1-5" } : { ...rest, intervalSeconds: 3600 };
}

/** GET /api/v1/schedules/preview for this timing, or null while it is incomplete. */
export function previewUrl(t: Pick<ScheduleTrigger, "cron" | "intervalSeconds" | "timezone">): string | null {
  const q = new URLSearchParams();
  if (t.cron !== undefined) {
    if (!t.cron.trim()) return null;
    q.set("cron", t.cron.trim());
    q.set("timezone", t.timezone || "UTC");
  } else if (t.intervalSeconds !== undefined && Number.isInteger(t.intervalSeconds) && t.intervalSeconds >= 1) {
    q.set("intervalSeconds", String(t.intervalSeconds));
  } else {
    return null;
  }
  return `/api/v1/schedules/preview?${q.toString()}`;
}

/** A fire time as the schedule's time zone reads it, e.g. "Sun, 29 Mar 2026, 03:00:00 (Europe/Berlin)". */
export function formatFireTime(iso: string, timezone: string): string {
  let zone = timezone || "UTC";
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
  } catch {
    zone = "UTC";
  }
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).format(new Date(iso));
  return `${text} (${zone})`;
}
