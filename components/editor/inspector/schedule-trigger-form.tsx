"use client";
// One schedule trigger in the Start node's Triggers panel: cron (5 or 6 fields) in a time zone or a
// fixed interval, the run input, overlap and catch-up policies; the next five fire times (computed
// by the server with croner, so croner stays out of the editor bundle); and, once published, the
// live schedule's state with Pause / Resume.
import { useDeferredValue } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { SCHEDULE_CATCH_UPS, SCHEDULE_OVERLAPS, type ScheduleTrigger } from "@/lib/model/triggers";
import { liveSchedulesQuery, schedulePreviewQuery, scheduleKeys, setSchedulePaused } from "@/lib/queries/schedules";
import { formatFireTime, previewUrl, timingMode, withTimingMode, type TimingMode } from "@/lib/triggers/schedule-form";
import { FieldRow, JsonInput, NumberInput, nativeSelectClass } from "./field-parts";
import type { TriggerFormProps } from "./trigger-form-types";
import { FormError } from "@/components/ui/form-error";

const OVERLAP_LABELS: Record<(typeof SCHEDULE_OVERLAPS)[number], string> = {
  skip: "Skip the fire",
  allow: "Start another run",
  queue_one: "Queue one, skip the rest",
};
const CATCH_UP_LABELS: Record<(typeof SCHEDULE_CATCH_UPS)[number], string> = {
  skip: "Skip missed fires",
  last: "Run the last missed fire",
  all: "Run all missed fires, up to a cap",
};

export function ScheduleTriggerForm({ workflowId, trigger, onChange, readOnly, idPrefix }: TriggerFormProps<ScheduleTrigger>) {
  const id = (k: string) => `${idPrefix}-${k}`;
  const set = (patch: Partial<ScheduleTrigger>) => onChange({ ...trigger, ...patch });
  const mode = timingMode(trigger);
  return (
    <div className="grid gap-3">
      <FieldRow id={id("enabled")} label="Enabled" inline>
        <Switch id={id("enabled")} checked={trigger.enabled} disabled={readOnly} onCheckedChange={(c) => set({ enabled: c })} />
      </FieldRow>
      <FieldRow id={id("mode")} label="Fires">
        <select
          id={id("mode")}
          className={nativeSelectClass}
          value={mode}
          disabled={readOnly}
          onChange={(e) => onChange(withTimingMode(trigger, e.target.value as TimingMode))}
        >
          <option value="cron">On a cron schedule</option>
          <option value="interval">Every fixed interval</option>
        </select>
      </FieldRow>
      {mode === "cron" ? (
        <>
          <FieldRow id={id("cron")} label="Cron" required help="5 fields (minute hour day month weekday) or 6 with seconds first.">
            <Input
              id={id("cron")}
              className="h-8 font-mono"
              value={trigger.cron ?? ""}
              readOnly={readOnly}
              onChange={(e) => set({ cron: e.target.value })}
            />
          </FieldRow>
          <FieldRow
            id={id("timezone")}
            label="Time zone"
            help="IANA name, e.g. Europe/Berlin. Daylight-saving changes follow croner's rules."
          >
            <Input
              id={id("timezone")}
              className="h-8"
              value={trigger.timezone}
              readOnly={readOnly}
              onChange={(e) => set({ timezone: e.target.value })}
            />
          </FieldRow>
        </>
      ) : (
        <FieldRow id={id("interval")} label="Interval (seconds)" required help="Counted from when the schedule was first published.">
          <NumberInput
            id={id("interval")}
            value={trigger.intervalSeconds}
            min={1}
            step={1}
            onChange={(v) => !readOnly && set({ intervalSeconds: v })}
          />
        </FieldRow>
      )}
      <NextFireTimes trigger={trigger} idPrefix={idPrefix} />
      <FieldRow id={id("input")} label="Run input" help="The input of every scheduled run (a JSON object).">
        <JsonInput
          id={id("input")}
          rows={4}
          value={trigger.input}
          onChange={(v) => {
            if (!readOnly && typeof v === "object" && v !== null && !Array.isArray(v)) set({ input: v as Record<string, unknown> });
          }}
        />
      </FieldRow>
      <FieldRow id={id("overlap")} label="While the previous run is active">
        <select
          id={id("overlap")}
          className={nativeSelectClass}
          value={trigger.overlap}
          disabled={readOnly}
          onChange={(e) => set({ overlap: e.target.value as ScheduleTrigger["overlap"] })}
        >
          {SCHEDULE_OVERLAPS.map((o) => (
            <option key={o} value={o}>
              {OVERLAP_LABELS[o]}
            </option>
          ))}
        </select>
      </FieldRow>
      <FieldRow id={id("catchUp")} label="After downtime">
        <select
          id={id("catchUp")}
          className={nativeSelectClass}
          value={trigger.catchUp}
          disabled={readOnly}
          onChange={(e) => set({ catchUp: e.target.value as ScheduleTrigger["catchUp"] })}
        >
          {SCHEDULE_CATCH_UPS.map((o) => (
            <option key={o} value={o}>
              {CATCH_UP_LABELS[o]}
            </option>
          ))}
        </select>
      </FieldRow>
      {trigger.catchUp === "all" && (
        <FieldRow id={id("catchUpMax")} label="Most missed fires to run">
          <NumberInput
            id={id("catchUpMax")}
            value={trigger.catchUpMax}
            min={1}
            max={1000}
            step={1}
            onChange={(v) => !readOnly && v !== undefined && set({ catchUpMax: v })}
          />
        </FieldRow>
      )}
      <LiveSchedule workflowId={workflowId} triggerId={trigger.id} timezone={trigger.timezone} readOnly={readOnly} />
    </div>
  );
}

function NextFireTimes({ trigger, idPrefix }: { trigger: ScheduleTrigger; idPrefix: string }) {
  const url = useDeferredValue(previewUrl(trigger));
  const preview = useQuery({ ...schedulePreviewQuery(url ?? ""), enabled: url !== null });
  const headingId = `${idPrefix}-next-fires`;
  return (
    <div className="grid gap-1" role="group" aria-labelledby={headingId}>
      <p id={headingId} className="text-xs font-medium">
        Next five fire times{timingMode(trigger) === "interval" ? " (if published now)" : ""}
      </p>
      {url === null ? (
        <p className="text-xs text-muted-foreground">Give a cron expression or an interval.</p>
      ) : preview.isError ? (
        <FormError size="xs">{preview.error.message}</FormError>
      ) : preview.data ? (
        preview.data.length ? (
          <ol className="grid gap-0.5 text-xs tabular-nums" aria-label="Next fire times">
            {preview.data.map((t) => (
              <li key={t}>
                <time dateTime={t}>{formatFireTime(t, trigger.timezone)}</time>
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-xs text-muted-foreground">This cron never fires.</p>
        )
      ) : (
        <p className="text-xs text-muted-foreground">Computing…</p>
      )}
    </div>
  );
}

function LiveSchedule({
  workflowId,
  triggerId,
  timezone,
  readOnly,
}: {
  workflowId: string;
  triggerId: string;
  timezone: string;
  readOnly: boolean;
}) {
  const qc = useQueryClient();
  const live = useQuery(liveSchedulesQuery(workflowId));
  const toggle = useMutation({
    mutationFn: (paused: boolean) => setSchedulePaused(workflowId, triggerId, paused),
    onSettled: () => qc.invalidateQueries({ queryKey: scheduleKeys.live(workflowId) }),
  });
  const s = live.data?.find((x) => x.triggerId === triggerId);
  if (!s) return <p className="text-xs text-muted-foreground">Not live yet: publish to start this schedule.</p>;
  return (
    <div role="group" className="grid gap-1.5 rounded-md bg-muted/50 p-2 text-xs" aria-label="Live schedule">
      <p>
        {s.paused ? (
          <strong>Paused</strong>
        ) : s.nextFireTimes[0] ? (
          <>
            Live. Next fire: <time dateTime={s.nextFireTimes[0]}>{formatFireTime(s.nextFireTimes[0], timezone)}</time>
          </>
        ) : (
          "Live, with no further fire time."
        )}
      </p>
      {s.lastFireAt && (
        <p className="text-muted-foreground">
          Last fire: <time dateTime={s.lastFireAt}>{formatFireTime(s.lastFireAt, timezone)}</time>
          {s.lastRunId && (
            <>
              {" · "}
              <a className="underline" href={`/runs/${s.lastRunId}`}>
                last run{s.lastRunStatus ? ` (${s.lastRunStatus})` : ""}
              </a>
            </>
          )}
        </p>
      )}
      {!readOnly && (
        <div>
          <Button type="button" variant="outline" size="sm" disabled={toggle.isPending} onClick={() => toggle.mutate(!s.paused)}>
            {s.paused ? "Resume" : "Pause"}
          </Button>
        </div>
      )}
      {toggle.isError && (
        <p role="alert" className="text-destructive">
          {toggle.error.message}
        </p>
      )}
    </div>
  );
}
