import { bodyHandle, CONTAINER_INPUTS, doneHandle } from "../handles";
import { truncate } from "./fields";
import { defineNodeKind } from "./types";
import type { LoopConfig } from "./loop.config";

export const MAX_LOOP_ITERATIONS = 10_000;

export const loopKind = defineNodeKind<"loop", LoopConfig>({
  kind: "loop",
  label: "Loop",
  description: "Repeats its body while a condition holds, up to a maximum.",
  category: "logic",
  icon: "Repeat",
  defaults: { condition: "$.loop.iteration < 3", maxIterations: 3 },
  inputs: CONTAINER_INPUTS,
  outputs: () => [
    { id: bodyHandle, label: "Body" },
    { id: doneHandle, label: "Done" },
  ],
  hasErrorOutput: true,
  effect: false,
  waits: true,
  undoable: true,
  expressionFields: (config) => [{ path: "condition", kind: "expression", value: config.condition }],
  summary: (config) => `While ${truncate(config.condition, 28)} (max ${config.maxIterations})`,
});
