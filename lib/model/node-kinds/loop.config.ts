// The loop kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./loop) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";
import { expressionField } from "./config-fields";
import { MAX_LOOP_ITERATIONS } from "./loop";

export const loopConfigSchema = z.strictObject({
  condition: expressionField({
    label: "Repeat while",
    help: "Checked before every pass. $.loop.iteration counts passes from 0; $.loop.last is the previous pass's result (null at first).",
    placeholder: "$.loop.iteration = 0 or $.loop.last.approved != true",
  }),
  maxIterations: field(
    z
      .number({ error: (issue) => (issue.input === undefined ? "A loop needs a maximum number of iterations" : "Enter a whole number") })
      .int()
      .min(1)
      .max(MAX_LOOP_ITERATIONS),
    {
      label: "Maximum iterations",
      widget: "number",
      help: `Required (1–${MAX_LOOP_ITERATIONS}). The loop stops here even if the condition still holds.`,
    },
  ),
});

export type LoopConfig = z.output<typeof loopConfigSchema>;
