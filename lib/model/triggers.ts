// The automatic ways a workflow's live version is started, declared on its Start node and so part of
// each published version: webhooks, schedules and events. (Who may start it by hand or through
// POST /api/v1/runs is the Start node's `trigger` field.) Isomorphic: validation, the editor, the
// trigger registry written at publish and the trigger services all read this one schema.
import { z } from "zod";

/** A trigger's id is stable across versions; webhook URLs and schedule fire rows are keyed on it. */
export const triggerIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "8-64 letters, digits, _ or -");

/** A JSONata expression from the trigger's payload to the run input (empty: the payload as is). */
const mappingSchema = z.string().max(10_000).default("");

export const WEBHOOK_VERIFICATIONS = ["standard", "github", "stripe", "header_token", "none"] as const;
export type WebhookVerification = (typeof WEBHOOK_VERIFICATIONS)[number];

export const webhookTriggerSchema = z.strictObject({
  kind: z.literal("webhook"),
  id: triggerIdSchema,
  enabled: z.boolean().default(true),
  /** How a delivery proves it comes from the sender; "none" only when chosen explicitly. */
  verification: z.enum(WEBHOOK_VERIFICATIONS).default("standard"),
  /** header_token: the header that carries the token (e.g. X-Webhook-Token). */
  tokenHeader: z.string().max(100).optional(),
  /** JSONata from { body, headers (allow-listed), query } to the run input. */
  mapping: mappingSchema,
  /** Request headers the mapping may read (lower-case); others are not passed in. */
  allowedHeaders: z.array(z.string().max(100)).max(20).default([]),
  /** "accepted": 202 with the run id at once; "wait": wait up to waitSeconds for the run's output. */
  respond: z.enum(["accepted", "wait"]).default("accepted"),
  waitSeconds: z.number().int().min(1).max(30).default(10),
  maxBodyBytes: z
    .number()
    .int()
    .min(1)
    .max(10 * 1024 * 1024)
    .default(1024 * 1024),
  rateLimitPerMinute: z.number().int().min(1).max(100_000).default(600),
});

export const SCHEDULE_OVERLAPS = ["skip", "allow", "queue_one"] as const;
export const SCHEDULE_CATCH_UPS = ["skip", "last", "all"] as const;

export const scheduleTriggerSchema = z
  .strictObject({
    kind: z.literal("schedule"),
    id: triggerIdSchema,
    enabled: z.boolean().default(true),
    /** Cron with 5 or 6 fields (croner syntax), or a fixed interval in seconds: exactly one of them. */
    cron: z.string().max(200).optional(),
    intervalSeconds: z
      .number()
      .int()
      .min(1)
      .max(366 * 86_400)
      .optional(),
    /** IANA time zone the cron is read in. */
    timezone: z.string().max(64).default("UTC"),
    /** The run input of every fire (JSON object). */
    input: z.record(z.string(), z.unknown()).default({}),
    /** A fire while the previous run of this schedule is still active. */
    overlap: z.enum(SCHEDULE_OVERLAPS).default("skip"),
    /** Fires missed while no worker ran. */
    catchUp: z.enum(SCHEDULE_CATCH_UPS).default("skip"),
    catchUpMax: z.number().int().min(1).max(1000).default(10),
  })
  .refine((t) => (t.cron === undefined) !== (t.intervalSeconds === undefined), {
    message: "Give either a cron expression or an interval, not both",
    path: ["cron"],
  });

export const eventTriggerSchema = z.strictObject({
  kind: z.literal("event"),
  id: triggerIdSchema,
  enabled: z.boolean().default(true),
  /** The event name it subscribes to (POST /api/v1/events {name}). */
  event: z.string().regex(/^[A-Za-z0-9_.:/-]{1,200}$/, "1-200 letters, digits or _ . : / -"),
  /** JSONata from { name, key, id, data } to the run input. */
  mapping: mappingSchema,
});

export const triggerSchema = z.discriminatedUnion("kind", [webhookTriggerSchema, scheduleTriggerSchema, eventTriggerSchema]);
export type Trigger = z.output<typeof triggerSchema>;
export type TriggerKind = Trigger["kind"];
export type WebhookTrigger = z.output<typeof webhookTriggerSchema>;
export type ScheduleTrigger = z.output<typeof scheduleTriggerSchema>;
export type EventTrigger = z.output<typeof eventTriggerSchema>;

export const MAX_TRIGGERS = 20;
export const triggersSchema = z
  .array(triggerSchema)
  .max(MAX_TRIGGERS)
  .default([])
  .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, "Trigger ids must be unique");
