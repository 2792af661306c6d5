import { IN_HANDLES, OUT_HANDLES } from "../handles";
import { truncate } from "./fields";
import { defineNodeKind } from "./types";
import type { SubworkflowConfig } from "./subworkflow.config";

/** How deep sub-workflows may nest (a parent run is depth 0). */
export const MAX_SUBWORKFLOW_DEPTH = 8;

/** A called workflow's version: "" (pinned at publish), "latest", or a number. Also used by agent workflow tools. */
export const subworkflowKind = defineNodeKind<"subworkflow", SubworkflowConfig>({
  kind: "subworkflow",
  label: "Sub-workflow",
  description: "Runs a published workflow as a child run and waits for its output.",
  category: "flow",
  icon: "Workflow",
  defaults: { workflowId: "", version: "", input: "$.input" },
  inputs: IN_HANDLES,
  outputs: () => [...OUT_HANDLES],
  hasErrorOutput: true,
  effect: false,
  waits: true,
  undoable: true,
  expressionFields: (config) => [{ path: "input", kind: "expression", value: config.input }],
  summary: (config) =>
    config.workflowId
      ? `Calls ${truncate(config.workflowId, 20)} ${config.version ? `v${config.version}` : "(pinned)"}`
      : "No workflow chosen",
});
