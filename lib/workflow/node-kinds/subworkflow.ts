import { z } from "zod";
import { field } from "../field-meta";
import { IN_HANDLES, OUT_HANDLES } from "../handles";
import { expressionField, truncate } from "./fields";
import { defineNodeKind } from "./types";

/** How deep sub-workflows may nest (a parent run is depth 0). */
export const MAX_SUBWORKFLOW_DEPTH = 8;

/** A called workflow's version: "" (pinned at publish), "latest", or a number. Also used by agent workflow tools. */
export const SUBWORKFLOW_VERSION = z.string().regex(/^(|latest|[1-9][0-9]{0,8})$/, 'Use a version number, "latest", or leave empty');

const configSchema = z.strictObject({
  workflowId: field(z.string().max(128), {
    label: "Workflow",
    widget: "workflow",
    help: "The id of the workflow to run as a child run (it must have a published version).",
  }),
  version: field(
    SUBWORKFLOW_VERSION.default(""),
    {
      label: "Version",
      widget: "text",
      help: 'Empty: pinned to the latest published version when this workflow is published. A number pins that version. "latest": whatever is published when the child starts.',
    },
  ),
  input: expressionField({ label: "Input", help: "The child run's input.", placeholder: "$.input" }),
});

export const subworkflowKind = defineNodeKind({
  kind: "subworkflow",
  label: "Sub-workflow",
  description: "Runs a published workflow as a child run and waits for its output.",
  category: "flow",
  icon: "Workflow",
  configSchema,
  defaults: { workflowId: "", version: "", input: "$.input" },
  inputs: IN_HANDLES,
  outputs: () => [...OUT_HANDLES],
  hasErrorOutput: true,
  effect: false,
  waits: true,
  expressionFields: (config) => [{ path: "input", kind: "expression", value: config.input }],
  summary: (config) => (config.workflowId ? `Calls ${truncate(config.workflowId, 20)} ${config.version ? `v${config.version}` : "(pinned)"}` : "No workflow chosen"),
});
