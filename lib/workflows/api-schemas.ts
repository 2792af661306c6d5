// Request schemas shared by the workflow API routes.
import { z } from "zod";
import { freeText, nameText } from "@/lib/model/text-fields";
import { draftGraphSchema } from "@/lib/model/draft-graph-schema";
import { MAX_PIN_BYTES } from "@/lib/model/pins";
import { utf8Length } from "@/lib/model/json-size";

export const workflowParams = z.object({ workflowId: z.string().min(1).max(100) });

export const versionParams = workflowParams.extend({
  version: z.coerce.number().int().min(1).max(1_000_000),
});

export const workflowName = nameText({ max: 120, required: "Name is required", tooLong: "Name is at most 120 characters" });
export const workflowDescription = freeText(2000);

/** PATCH: save the draft (`graph` + `expectedRevision`), rename, or both. */
export const patchWorkflowBody = z
  .strictObject({
    graph: draftGraphSchema.optional(),
    expectedRevision: z.number().int().min(0).optional(),
    name: workflowName.optional(),
    description: workflowDescription.optional(),
  })
  .refine((b) => b.graph === undefined || b.expectedRevision !== undefined, {
    message: "expectedRevision is required when saving the graph",
    path: ["expectedRevision"],
  })
  .refine((b) => b.graph !== undefined || b.name !== undefined || b.description !== undefined, {
    message: "Nothing to update: send graph, name or description",
  });

export const publishBody = z.strictObject({
  message: freeText(500, "Message is at most 500 characters", { trim: true }).default(""),
  expectedRevision: z.number().int().min(0).optional(),
  /** Make the new version the live one (what API calls and triggers start); default true. */
  makeLive: z.boolean().default(true),
});

/** POST /workflows/:id/test-runs */
export const testRunBody = z.object({ input: z.record(z.string(), z.unknown()).default({}) });

export const pinParams = workflowParams.extend({ nodeId: z.string().min(1).max(100) });

/** PUT /workflows/:id/pins/:nodeId: an output typed by hand, or the output of a step of an earlier run. */
export const pinBody = z.union([
  z.strictObject({ runId: z.string().min(1).max(128), stepKey: z.string().min(1).max(500) }),
  z
    .strictObject({ output: z.unknown(), handle: z.string().trim().min(1).max(64).optional() })
    .refine((b) => b.output !== undefined, { message: "output is required", path: ["output"] })
    .refine((b) => utf8Length(JSON.stringify(b.output) ?? "") <= MAX_PIN_BYTES, {
      message: `output is larger than ${MAX_PIN_BYTES} bytes`,
      path: ["output"],
    }),
]);

/** POST /workflows/:id/nodes/:nodeId/test: the run input the step sees (default: the last test run's). */
export const stepTestBody = z.object({ input: z.record(z.string(), z.unknown()).optional() });
