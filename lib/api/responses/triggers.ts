// Response schemas of the webhook routes (management under workflows/:id/webhooks, delivery under hooks/:triggerId).
import { z } from "zod";
import { RUN_STATUSES } from "@/lib/model/vocabulary";
import { anyJson, isoTime, obj } from "./common";

export const webhookSchema = obj({
  triggerId: z.string(),
  path: z.string(),
  createdAt: isoTime,
  rotatedAt: isoTime.nullable(),
  previousSecretValidUntil: isoTime.nullable(),
}).meta({ id: "Webhook" });
export const webhooksBody = obj({ webhooks: z.array(webhookSchema) });
export const webhookCreatedBody = webhookSchema.extend({ secret: z.string().meta({ description: "Shown in this answer only." }) });
export const webhookRotatedBody = obj({ secret: z.string(), previousSecretValidUntil: isoTime.nullable() });
export const deliveriesBody = obj({
  deliveries: z.array(
    obj({
      id: z.string(),
      receivedAt: isoTime,
      deliveryId: z.string().nullable(),
      verified: z.boolean(),
      reason: z.string().nullable(),
      status: z.string(),
      runId: z.string().nullable(),
    }).meta({ id: "WebhookDelivery" }),
  ),
});
export const runIdBody = obj({ runId: z.string() });
export const hookAnswerBody = z.union([
  obj({ runId: z.string() }),
  obj({ runId: z.string(), status: z.enum(RUN_STATUSES), output: anyJson, error: anyJson }),
]);

export const scheduleSchema = obj({
  triggerId: z.string(),
  versionId: z.string(),
  paused: z.boolean(),
  nextFireTimes: z.array(isoTime).meta({ description: "The next fires (empty while paused)." }),
  lastFireAt: isoTime.nullable(),
  lastRunId: z.string().nullable(),
  lastRunStatus: z.enum(RUN_STATUSES).nullable(),
  queuedFireAt: isoTime.nullable(),
}).meta({ id: "Schedule" });
export const schedulesBody = obj({ schedules: z.array(scheduleSchema) });
export const scheduleBody = obj({ schedule: scheduleSchema });
export const fireTimesBody = obj({ fireTimes: z.array(isoTime) });
