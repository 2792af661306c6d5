// Response schemas of POST /api/v1/events and the Wait for callback routes (callbacks/:token).
import { z } from "zod";
import { isoTime, obj } from "./common";

export const publishedEventBody = obj({
  id: z.string().meta({ description: "The event id (the publisher's, or generated)." }),
  duplicate: z.boolean().meta({ description: "The id was seen before: this is the first delivery's result; nothing changed." }),
  receivedAt: isoTime,
  keptUntil: isoTime.nullable(),
  resumed: z.array(obj({ runId: z.string(), stepKey: z.string() })),
  started: z.array(obj({ workflowId: z.string(), triggerId: z.string(), runId: z.string() })),
  failed: z.array(obj({ workflowId: z.string(), triggerId: z.string(), code: z.string(), message: z.string() })),
}).meta({ id: "PublishedEvent" });

export const callbackAcceptedBody = obj({ ok: z.literal(true), runId: z.string(), stepKey: z.string() });
export const callbackHeartbeatBody = obj({ ok: z.literal(true), timeoutAt: isoTime.nullable() });
