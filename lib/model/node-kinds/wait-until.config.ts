// The wait_until kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./wait-until) is zod-free.
import { z } from "zod";
import { expressionField } from "./config-fields";

export const waitUntilConfigSchema = z.strictObject({
  until: expressionField({
    label: "Until",
    help: "Evaluates to an ISO-8601 timestamp; a past timestamp continues immediately.",
    placeholder: "$.input.sendAt",
  }),
});

export type WaitUntilConfig = z.output<typeof waitUntilConfigSchema>;
