import { IN_HANDLES, OUT_HANDLES } from "../handles";
import { truncate } from "./fields";
import { defineNodeKind } from "./types";
import type { WaitUntilConfig } from "./wait-until.config";

export const waitUntilKind = defineNodeKind<"wait_until", WaitUntilConfig>({
  kind: "wait_until",
  label: "Wait until",
  description: "Pauses the run until a computed point in time.",
  category: "flow",
  icon: "CalendarClock",
  defaults: { until: "$.input.resumeAt" },
  inputs: IN_HANDLES,
  outputs: () => [...OUT_HANDLES],
  hasErrorOutput: true,
  effect: false,
  waits: true,
  undoable: true,
  expressionFields: (config) => [{ path: "until", kind: "expression", value: config.until }],
  summary: (config) => `Until ${truncate(config.until, 34)}`,
});
