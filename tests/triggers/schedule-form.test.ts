// The schedule form's rules without a page: cron ↔ interval keeps exactly one timing (the schema
// refuses both or neither), the preview URL is built only for a complete timing, and fire times are
// shown in the schedule's own time zone.
import { describe, expect, it } from "vitest";
import { scheduleTriggerSchema } from "@/lib/model/triggers";
import { formatFireTime, previewUrl, timingMode, withTimingMode } from "@/lib/triggers/schedule-form";
import { schedulePreviewQuery } from "@/lib/triggers/schedule-api-schemas";

const cronTrigger = scheduleTriggerSchema.parse({ kind: "schedule", id: "sched-form-1", cron: "30 2 * * *", timezone: "Europe/Berlin" });

describe("schedule form", () => {
  it("switches between cron and interval keeping a valid trigger", () => {
    const iv = withTimingMode(cronTrigger, "interval");
    expect(timingMode(iv)).toBe("interval");
    expect(iv).not.toHaveProperty("cron");
    expect(scheduleTriggerSchema.safeParse(iv).success).toBe(true);
    const back = withTimingMode(iv, "cron");
    expect(back).not.toHaveProperty("intervalSeconds");
    expect(scheduleTriggerSchema.safeParse(back).success).toBe(true);
    expect(withTimingMode(cronTrigger, "cron")).toBe(cronTrigger);
  });

  it("asks for a preview only for a complete timing, in a form the preview route parses", () => {
    const url = previewUrl(cronTrigger)!;
    expect(url).toBe("/api/v1/schedules/preview?cron=30+2+*+*+*&timezone=Europe%2FBerlin");
    const query = Object.fromEntries(new URL(url, "http://x").searchParams.entries());
    expect(schedulePreviewQuery.parse(query)).toMatchObject({ cron: "30 2 * * *", timezone: "Europe/Berlin" });
    expect(
      schedulePreviewQuery.parse(
        Object.fromEntries(new URL(previewUrl({ intervalSeconds: 90, timezone: "UTC" })!, "http://x").searchParams),
      ),
    ).toMatchObject({
      intervalSeconds: 90,
    });
    expect(previewUrl({ cron: "  ", timezone: "UTC" })).toBeNull();
    expect(previewUrl({ intervalSeconds: 0, timezone: "UTC" })).toBeNull();
    expect(schedulePreviewQuery.safeParse({ cron: "* * * * *", intervalSeconds: "60" }).success).toBe(false);
  });

  it("shows fire times in the schedule's time zone (UTC when the zone is unknown)", () => {
    expect(formatFireTime("2026-03-29T01:00:00.000Z", "Europe/Berlin")).toBe("Sun, 29 Mar 2026, 03:00:00 (Europe/Berlin)");
    expect(formatFireTime("2026-03-29T01:00:00.000Z", "Nowhere/City")).toBe("Sun, 29 Mar 2026, 01:00:00 (UTC)");
  });
});
