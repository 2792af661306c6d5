import { z } from "zod";
import { formatDuration } from "../duration";
import { field } from "../field-meta";
import { IN_HANDLES, OUT_HANDLES } from "../handles";
import { exprField, optionalExpressionField, truncate } from "./fields";
import { defineNodeKind } from "./types";

/** Longest delay accepted: one year. */
export const MAX_DELAY_MS = 365 * 86_400_000;

const configSchema = z.strictObject({
  durationMs: field(z.number().int().min(0).max(MAX_DELAY_MS), {
    label: "Duration",
    widget: "duration",
    help: "How long to wait, in milliseconds.",
  }),
  durationExpression: optionalExpressionField({
    label: "Duration expression",
    help: "Optional: evaluates to a number of milliseconds and overrides Duration.",
  }),
});

export const delayKind = defineNodeKind({
  kind: "delay",
  label: "Delay",
  description: "Pauses the run for a fixed or computed duration.",
  category: "flow",
  icon: "Timer",
  configSchema,
  defaults: { durationMs: 60_000 },
  inputs: IN_HANDLES,
  outputs: () => [...OUT_HANDLES],
  hasErrorOutput: true,
  effect: false,
  waits: true,
  expressionFields: (config) => exprField("durationExpression", "expression", config.durationExpression),
  summary: (config) =>
    config.durationExpression?.trim()
      ? `Wait ${truncate(config.durationExpression, 30)}`
      : `Wait ${formatDuration(config.durationMs)}`,
});
