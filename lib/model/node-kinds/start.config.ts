// The start kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./start) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";
import { emptyObjectSchema, objectJsonSchema } from "../json-schema";
import { MAX_EXPRESSION_LENGTH } from "../expression-limits";
import { triggersSchema } from "../triggers";

export const startConfigSchema = z.strictObject({
  inputSchema: field(objectJsonSchema.default(emptyObjectSchema), {
    label: "Input schema",
    widget: "jsonSchema",
    help: 'JSON Schema (type object) of the run input, available to expressions as $.input. Mark a field "x-personal": true to mask it for people without the personal-data grant.',
  }),
  subjectExpression: field(z.string().max(MAX_EXPRESSION_LENGTH).optional(), {
    label: "Data subject",
    widget: "expression",
    placeholder: "$.input.applicantId",
    help: "Whose personal data a run holds (an applicant, a patient). Runs store a keyed hash of it; an erasure by subject redacts them.",
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
