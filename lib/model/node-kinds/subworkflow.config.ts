// The subworkflow kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./subworkflow) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";
import { expressionField } from "./config-fields";

export const SUBWORKFLOW_VERSION = z.string().regex(/^(|latest|[1-9][0-9]{0,8})$/, 'Use a version number, "latest", or leave empty');

export const subworkflowConfigSchema = z.strictObject({
  workflowId: field(z.string().max(128), {
    label: "Workflow",
    widget: "workflow",
    help: "The id of the workflow to run as a child run (it must have a published version).",
  }),
  version: field(SUBWORKFLOW_VERSION.default(""), {
    label: "Version",
    widget: "text",
    help: 'Empty: pinned to the latest published version when this workflow is published. A number pins that version. "latest": whatever is published when the child starts.',
  }),
  input: expressionField({ label: "Input", help: "The child run's input.", placeholder: "$.input" }),
});

export type SubworkflowConfig = z.output<typeof subworkflowConfigSchema>;
