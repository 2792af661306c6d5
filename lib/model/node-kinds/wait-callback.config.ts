// The wait_callback kind's config schema (zod) with its form metadata: used by validation, the engine and
// the inspector. What the canvas and palette need (./wait-callback) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";
import { objectJsonSchema } from "../json-schema";
import { MAX_WAIT_MS } from "./wait-event";

export const waitCallbackConfigSchema = z.strictObject({
  timeoutMs: field(z.number().int().min(1).max(MAX_WAIT_MS).optional(), {
    label: "Timeout",
    widget: "duration",
    help: "Continue down the Timed out handle when no callback came by then. A heartbeat moves the deadline to now + timeout. Empty: no limit.",
  }),
  bodySchema: field(objectJsonSchema.optional(), {
    label: "Callback body schema",
    widget: "jsonSchema",
    help: "JSON Schema the POSTed body must match; a body that does not is refused with 422 and the step keeps waiting.",
  }),
});

export type WaitCallbackConfig = z.output<typeof waitCallbackConfigSchema>;
