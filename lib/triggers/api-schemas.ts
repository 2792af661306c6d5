// Route parameters and bodies of the webhook routes (parsed with zod at the boundary).
import { z } from "zod";

export const webhookParams = z.object({ workflowId: z.string().min(1).max(100), triggerId: z.string().min(1).max(100) });
export const deliveryParams = webhookParams.extend({ deliveryId: z.string().min(1).max(100) });

export const rotateBody = z.strictObject({
  /** How long the previous secret keeps working (0 = it stops at once; at most 7 days). */
  overlapMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
});
