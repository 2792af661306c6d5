// Request bodies of the governance routes (zod, parsed at the boundary).
import { z } from "zod";
import { MAX_SUBJECT_LENGTH } from "./subject-hash";

export const subjectBody = z.strictObject({
  subject: z.string().trim().min(1, "Name the data subject").max(MAX_SUBJECT_LENGTH),
});

export const erasureRequestBody = z.strictObject({
  subject: z.string().trim().min(1, "Name the data subject").max(MAX_SUBJECT_LENGTH),
  reason: z.string().max(1000).optional(),
});

export const erasureParams = z.object({ erasureId: z.string().min(1).max(200) });
export const workflowParams = z.object({ workflowId: z.string().min(1).max(200) });

export const legalHoldBody = z.strictObject({ hold: z.boolean() });
