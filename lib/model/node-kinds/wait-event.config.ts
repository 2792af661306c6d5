// The wait_event kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./wait-event) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";
import { objectJsonSchema } from "../json-schema";
import { EVENT_NAME_PATTERN } from "../wait-keys";
import { optionalExpressionField } from "./config-fields";
import { MAX_WAIT_MS } from "./wait-event";

export const waitEventConfigSchema = z.strictObject({
  event: field(z.string().regex(EVENT_NAME_PATTERN, "1-200 letters, digits or _ . : / -"), {
    label: "Event name",
    widget: "text",
    help: "The name publishers send to POST /api/v1/events.",
    placeholder: "order.paid",
  }),
  correlation: optionalExpressionField({
    label: "Correlation key",
    help: "Evaluated when the step starts waiting (a string or number); only an event with this key resumes it. Empty: events sent without a key.",
    placeholder: "$.input.orderId",
  }),
  timeoutMs: field(z.number().int().min(1).max(MAX_WAIT_MS).optional(), {
    label: "Timeout",
    widget: "duration",
    help: "Continue down the Timed out handle when no event came by then. Empty: wait without a limit.",
  }),
  outputSchema: field(objectJsonSchema.optional(), {
    label: "Event data schema",
    widget: "jsonSchema",
    help: "JSON Schema the event's data must match; data that does not fails the step (error handle).",
  }),
});

export type WaitEventConfig = z.output<typeof waitEventConfigSchema>;
