// Request shapes of the schedule routes (zod, parsed by lib/api/route).
import { z } from "zod";
import { scheduleTriggerSchema, triggerIdSchema } from "@/lib/model/triggers";

export const scheduleParams = z.object({ workflowId: z.string().min(1).max(100), triggerId: triggerIdSchema });

export const schedulePatchBody = z.strictObject({ paused: z.boolean() });

const timing = scheduleTriggerSchema.shape;

/** GET /api/v1/schedules/preview?cron=&timezone= or ?intervalSeconds= */
export const schedulePreviewQuery = z
  .object({
    cron: timing.cron,
    intervalSeconds: z.coerce.number().pipe(timing.intervalSeconds.unwrap()).optional(),
    timezone: timing.timezone,
  })
  .refine((t) => (t.cron === undefined) !== (t.intervalSeconds === undefined), {
    message: "Give either a cron expression or an interval, not both",
    path: ["cron"],
  });
