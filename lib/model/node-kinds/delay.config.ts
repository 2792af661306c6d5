// The delay kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./delay) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";
import { optionalExpressionField } from "./config-fields";
import { MAX_DELAY_MS } from "./delay";

export const delayConfigSchema = z.strictObject({
  durationMs: field(z.number().int().min(0).max(MAX_DELAY_MS), {
    label: "Duration",
    widget: "duration",
    help: "How long to wait, in milliseconds.",
  }),
  durationExpression: optionalExpressionField({
    label: "Duration expression",
    help: "Optional: evaluates to a number of milliseconds and overrides Duration.",
  }),
});

export type DelayConfig = z.output<typeof delayConfigSchema>;
