import { z } from "zod";
import { IN_HANDLES } from "../handles";
import { templateField, truncate } from "./fields";
import { defineNodeKind } from "./types";

const configSchema = z.strictObject({
  reason: templateField({
    label: "Reason",
    help: "Recorded on the run. The undo steps of completed steps then run in reverse completion order.",
    placeholder: "Rejected by {{ $.steps.Review.output.decidedBy }}",
  }),
});

export const compensateKind = defineNodeKind({
  kind: "compensate",
  label: "Compensate",
  description: "Undoes completed work (each step's undo node, newest first) and ends the run as compensated.",
  category: "flow",
  icon: "Undo2",
  configSchema,
  defaults: { reason: "Compensating" },
  inputs: IN_HANDLES,
  outputs: () => [],
  hasErrorOutput: false,
  effect: false,
  waits: false,
  expressionFields: (config) => (config.reason.trim() ? [{ path: "reason", kind: "template", value: config.reason }] : []),
  summary: (config) => truncate(config.reason || "Compensate"),
});
