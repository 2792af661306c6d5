// A workflow's alerts (Workflow.settings.alerts), parsed with zod wherever they are read. Three kinds:
// the failure rate of runs that finished in the last window passes a threshold (with a minimum of
// finished runs, so one failure out of one is not 100 %), an approval has waited longer than N
// minutes, and the spend of runs started in the current window passes a budget. Each fires at most
// once per window: windows are aligned to the epoch (a 60-minute alert's windows start on the hour).
import { z } from "zod";

export const alertChannelsSchema = z.strictObject({
  inApp: z.boolean().default(true),
  email: z.boolean().default(false),
  slack: z.boolean().default(false),
});

const base = {
  id: z.string().min(1).max(64),
  /** The dedupe window: an alert fires at most once per window. */
  windowMinutes: z.number().int().min(1).max(10_080),
  channels: alertChannelsSchema.default({ inApp: true, email: false, slack: false }),
};

export const alertSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    ...base,
    kind: z.literal("failure_rate"),
    /** Fires when failed / finished runs in the last window is above this percentage. */
    thresholdPercent: z.number().min(0).max(100),
    minRuns: z.number().int().min(1).max(100_000).default(5),
  }),
  z.strictObject({
    ...base,
    kind: z.literal("waiting"),
    /** Fires when an approval task of the workflow has been open longer than this. */
    waitingMinutes: z.number().int().min(1).max(525_600),
  }),
  z.strictObject({
    ...base,
    kind: z.literal("spend"),
    /** Fires when the cost of runs started in the current window passes this many US dollars. */
    budgetUsd: z.number().min(0).max(1_000_000),
  }),
]);
export type Alert = z.output<typeof alertSchema>;
export type AlertKind = Alert["kind"];

export const MAX_ALERTS = 20;

export const workflowAlertsBody = z.strictObject({
  alerts: z
    .array(alertSchema)
    .max(MAX_ALERTS)
    .refine((a) => new Set(a.map((x) => x.id)).size === a.length, "alert ids must be unique"),
});
export type WorkflowAlertsBody = z.output<typeof workflowAlertsBody>;

/** The alerts stored in a workflow's settings; an entry that no longer parses is left out. */
export function parseAlerts(settings: Record<string, unknown>): Alert[] {
  const list = Array.isArray(settings.alerts) ? settings.alerts : [];
  return list.flatMap((a) => {
    const r = alertSchema.safeParse(a);
    return r.success ? [r.data] : [];
  });
}

export function windowStart(nowMs: number, windowMinutes: number): number {
  const w = windowMinutes * 60_000;
  return Math.floor(nowMs / w) * w;
}

export interface AlertFiringView {
  id: string;
  alertId: string;
  kind: AlertKind;
  windowStartMs: number;
  value: number;
  threshold: number;
  atMs: number;
}

/** A sentence for the notification, the email and Slack. */
export function alertTitle(workflowName: string, a: Alert, value: number): string {
  switch (a.kind) {
    case "failure_rate":
      return `Alert: ${workflowName}: ${value.toFixed(0)} % of runs failed in the last ${a.windowMinutes} min (threshold ${a.thresholdPercent} %)`;
    case "waiting":
      return `Alert: ${workflowName}: an approval has waited ${Math.floor(value)} min (limit ${a.waitingMinutes} min)`;
    case "spend":
      return `Alert: ${workflowName}: spend $${value.toFixed(value < 0.01 ? 4 : 2)} in this ${a.windowMinutes}-min window passed the budget of $${a.budgetUsd}`;
  }
}
