import { IN_HANDLES } from "../handles";
import { exprField, truncate } from "./fields";
import { defineNodeKind } from "./types";
import type { EndConfig } from "./end.config";

export const endKind = defineNodeKind<"end", EndConfig>({
  kind: "end",
  label: "End",
  description: "Finishes the run, optionally producing its output.",
  category: "flow",
  icon: "Flag",
  defaults: { output: "$.input" },
  inputs: IN_HANDLES,
  outputs: () => [],
  hasErrorOutput: true,
  effect: false,
  waits: false,
  undoable: false,
  expressionFields: (config) => exprField("output", "expression", config.output),
  summary: (config) => {
    const out = config.output?.trim() ? `Output: ${truncate(config.output, 32)}` : "No output";
    return config.outcome ? `Outcome: ${config.outcome} · ${out}` : out;
  },
});
