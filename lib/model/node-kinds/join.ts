import { IN_HANDLES, OUT_HANDLES } from "../handles";
import { defineNodeKind } from "./types";
import type { JoinConfig } from "./join.config";

export const joinKind = defineNodeKind<"join", JoinConfig>({
  kind: "join",
  label: "Join",
  description: "Waits for several incoming paths before continuing.",
  category: "flow",
  icon: "Merge",
  defaults: { mode: "all" },
  inputs: IN_HANDLES,
  outputs: (config) => (config.consensus?.enabled ? [...OUT_HANDLES, { id: "escalate", label: "Escalate" }] : [...OUT_HANDLES]),
  hasErrorOutput: true,
  effect: false,
  waits: false,
  undoable: true,
  expressionFields: () => [],
  summary: (config) =>
    (config.mode === "all" ? "Wait for all" : config.mode === "any" ? "Wait for any" : `Wait for first ${config.n ?? "?"}`) +
    (config.consensus?.enabled ? ", check consensus" : ""),
});
