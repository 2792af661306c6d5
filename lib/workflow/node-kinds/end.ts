import { z } from "zod";
import { IN_HANDLES } from "../handles";
import { exprField, optionalExpressionField, truncate } from "./fields";
import { defineNodeKind } from "./types";

const configSchema = z.strictObject({
  output: optionalExpressionField({
    label: "Output",
    help: "Expression for the run output. Leave empty for no output (null).",
    placeholder: "$.steps.Transform.output",
  }),
});

export const endKind = defineNodeKind({
  kind: "end",
  label: "End",
  description: "Finishes the run, optionally producing its output.",
  category: "flow",
  icon: "Flag",
  configSchema,
  defaults: { output: "$.input" },
  inputs: IN_HANDLES,
  outputs: () => [],
  hasErrorOutput: true,
  effect: false,
  waits: false,
  expressionFields: (config) => exprField("output", "expression", config.output),
  summary: (config) => (config.output?.trim() ? `Output: ${truncate(config.output, 32)}` : "No output"),
});
