import { formatDuration } from "../duration";
import { IN_HANDLES, OUT_HANDLES } from "../handles";
import { exprField, truncate } from "./fields";
import { defineNodeKind } from "./types";
import type { DelayConfig } from "./delay.config";

/** Longest delay accepted: one year. */
export const MAX_DELAY_MS = 365 * 86_400_000;

export const delayKind = defineNodeKind<"delay", DelayConfig>({
  kind: "delay",
  label: "Delay",
  description: "Pauses the run for a fixed or computed duration.",
  category: "flow",
  icon: "Timer",
  defaults: { durationMs: 60_000 },
  inputs: IN_HANDLES,
  outputs: () => [...OUT_HANDLES],
  hasErrorOutput: true,
  effect: false,
  waits: true,
  undoable: true,
  expressionFields: (config) => exprField("durationExpression", "expression", config.durationExpression),
  summary: (config) =>
    config.durationExpression?.trim() ? `Wait ${truncate(config.durationExpression, 30)}` : `Wait ${formatDuration(config.durationMs)}`,
});
