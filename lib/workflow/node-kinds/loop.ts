import { z } from "zod";
import { field } from "../field-meta";
import { bodyHandle, CONTAINER_INPUTS, doneHandle } from "../handles";
import { expressionField, truncate } from "./fields";
import { defineNodeKind } from "./types";

export const MAX_LOOP_ITERATIONS = 10_000;

const configSchema = z.strictObject({
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
    { label: "Maximum iterations", widget: "number", help: `Required (1–${MAX_LOOP_ITERATIONS}). The loop stops here even if the condition still holds.` },
  ),
});

export const loopKind = defineNodeKind({
  kind: "loop",
  label: "Loop",
  description: "Repeats its body while a condition holds, up to a maximum.",
  category: "logic",
  icon: "Repeat",
  configSchema,
  defaults: { condition: "$.loop.iteration < 3", maxIterations: 3 },
  inputs: CONTAINER_INPUTS,
  outputs: () => [
    { id: bodyHandle, label: "Body" },
    { id: doneHandle, label: "Done" },
  ],
  hasErrorOutput: true,
  effect: false,
  waits: true,
  expressionFields: (config) => [{ path: "condition", kind: "expression", value: config.condition }],
  summary: (config) => `While ${truncate(config.condition, 28)} (max ${config.maxIterations})`,
});
