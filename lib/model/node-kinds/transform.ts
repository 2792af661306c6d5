import { IN_HANDLES, OUT_HANDLES } from "../handles";
import { truncate } from "./fields";
import { defineNodeKind } from "./types";
import type { TransformConfig } from "./transform.config";

export const transformKind = defineNodeKind<"transform", TransformConfig>({
  kind: "transform",
  label: "Transform",
  description: "Reshapes data with a JSONata expression.",
  category: "logic",
  icon: "Braces",
  defaults: { expression: "$.input" },
  inputs: IN_HANDLES,
  outputs: () => [...OUT_HANDLES],
  hasErrorOutput: true,
  effect: false,
  waits: false,
  undoable: true,
  expressionFields: (config) => [{ path: "expression", kind: "expression", value: config.expression }],
  summary: (config) => truncate(config.expression),
});
