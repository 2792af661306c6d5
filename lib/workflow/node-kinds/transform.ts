import { z } from "zod";
import { IN_HANDLES, OUT_HANDLES } from "../handles";
import { expressionField, truncate } from "./fields";
import { defineNodeKind } from "./types";

const configSchema = z.strictObject({
  expression: expressionField({
    label: "Mapping",
    help: "JSONata expression whose result becomes this step's output.",
    placeholder: '{ "total": $sum($.input.items.price) }',
  }),
});

export const transformKind = defineNodeKind({
  kind: "transform",
  label: "Transform",
  description: "Reshapes data with a JSONata expression.",
  category: "logic",
  icon: "Braces",
  configSchema,
  defaults: { expression: "$.input" },
  inputs: IN_HANDLES,
  outputs: () => [...OUT_HANDLES],
  hasErrorOutput: true,
  effect: false,
  waits: false,
  expressionFields: (config) => [{ path: "expression", kind: "expression", value: config.expression }],
  summary: (config) => truncate(config.expression),
});
