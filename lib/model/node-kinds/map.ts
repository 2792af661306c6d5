import { bodyHandle, CONTAINER_INPUTS, doneHandle } from "../handles";
import { truncate } from "./fields";
import { defineNodeKind } from "./types";
import type { MapConfig } from "./map.config";

export const MAX_MAP_CONCURRENCY = 64;

export const MAX_MAP_ITEMS = 10_000;

export const mapKind = defineNodeKind<"map", MapConfig>({
  kind: "map",
  label: "Map",
  description: "Runs its body once per item of a list and collects the results in order.",
  category: "logic",
  icon: "ListTree",
  defaults: { items: "$.input.items", concurrency: 4, onItemError: "fail" as const },
  inputs: CONTAINER_INPUTS,
  outputs: () => [
    { id: bodyHandle, label: "Each item" },
    { id: doneHandle, label: "Done" },
  ],
  hasErrorOutput: true,
  effect: false,
  waits: true,
  undoable: true,
  expressionFields: (config) => [{ path: "items", kind: "expression", value: config.items }],
  summary: (config) => `Each of ${truncate(config.items, 26)} ×${config.concurrency}`,
});
