import { IN_HANDLES } from "../handles";
import { truncate } from "./fields";
import { defineNodeKind } from "./types";
import type { CompensateConfig } from "./compensate.config";

export const compensateKind = defineNodeKind<"compensate", CompensateConfig>({
  kind: "compensate",
  label: "Compensate",
  description: "Undoes completed work (each step's undo node, newest first) and ends the run as compensated.",
  category: "flow",
  icon: "Undo2",
  defaults: { reason: "Compensating" },
  inputs: IN_HANDLES,
  outputs: () => [],
  hasErrorOutput: false,
  effect: false,
  waits: false,
  undoable: false,
  expressionFields: (config) => (config.reason.trim() ? [{ path: "reason", kind: "template", value: config.reason }] : []),
  summary: (config) => truncate(config.reason || "Compensate"),
});
