// The start kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./start) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";
import { emptyObjectSchema, objectJsonSchema } from "../json-schema";
import { triggersSchema } from "../triggers";

export const startConfigSchema = z.strictObject({
  inputSchema: field(objectJsonSchema.default(emptyObjectSchema), {
    label: "Input schema",
    widget: "jsonSchema",
    help: "JSON Schema (type object) of the run input, available to expressions as $.input.",
  }),
  trigger: field(z.enum(["manual", "api", "both"]).optional(), {
    label: "Trigger",
    widget: "select",
    help: "How runs may be started. Absent means both.",
  }),
  triggers: field(triggersSchema, {
    label: "Triggers",
    widget: "triggers",
    help: "Webhooks, schedules and events that start the live version.",
  }),
});

export type StartConfig = z.output<typeof startConfigSchema>;
