import { OUT_HANDLES } from "../handles";
import { exprField } from "./fields";
import { defineNodeKind } from "./types";
import type { StartConfig } from "./start.config";

const triggerText = { manual: "Manual", api: "API", both: "Manual or API" } as const;

export const startKind = defineNodeKind<"start", StartConfig>({
  kind: "start",
  label: "Start",
  description: "Entry point of the workflow; receives the run input.",
  category: "flow",
  icon: "Play",
  defaults: { inputSchema: { type: "object", properties: {} }, trigger: "both", triggers: [] },
  inputs: [],
  outputs: () => [...OUT_HANDLES],
  hasErrorOutput: false,
  effect: false,
  waits: false,
  undoable: false,
  expressionFields: (config) => exprField("subjectExpression", "expression", config.subjectExpression),
  summary: (config) => {
    const count = Object.keys(config.inputSchema.properties).length;
    return `${triggerText[config.trigger ?? "both"]} · ${count} input${count === 1 ? "" : "s"}`;
  },
});
