import { z } from "zod";
import { IN_HANDLES, OUT_HANDLES } from "../handles";
import { expressionField, truncate } from "./fields";
import { defineNodeKind } from "./types";

const configSchema = z.strictObject({
  until: expressionField({
    label: "Until",
    help: "Evaluates to an ISO-8601 timestamp; a past timestamp continues immediately.",
    placeholder: "$.input.sendAt",
  }),
});

export const waitUntilKind = defineNodeKind({
  kind: "wait_until",
  label: "Wait until",
  description: "Pauses the run until a computed point in time.",
  category: "flow",
  icon: "CalendarClock",
  configSchema,
  defaults: { until: "$.input.resumeAt" },
  inputs: IN_HANDLES,
  outputs: () => [...OUT_HANDLES],
  hasErrorOutput: true,
  effect: false,
  waits: true,
  expressionFields: (config) => [{ path: "until", kind: "expression", value: config.until }],
  summary: (config) => `Until ${truncate(config.until, 34)}`,
});
