import { z } from "zod";
import { field } from "../field-meta";
import { bodyHandle, CONTAINER_INPUTS, doneHandle } from "../handles";
import { expressionField, truncate } from "./fields";
import { defineNodeKind } from "./types";

export const MAX_MAP_CONCURRENCY = 64;
export const MAX_MAP_ITEMS = 10_000;

const configSchema = z.strictObject({
  items: expressionField({
    label: "Items",
    help: "An expression returning an array. The body runs once per element, with $.item and $.index.",
    placeholder: "$.input.suppliers",
  }),
  concurrency: field(z.number().int().min(1).max(MAX_MAP_CONCURRENCY).default(4), {
    label: "Concurrency",
    widget: "number",
    help: `Items in progress at once (1–${MAX_MAP_CONCURRENCY}). A paused item (approval, timer) keeps its slot.`,
  }),
  onItemError: field(z.enum(["fail", "collect"]).default("fail"), {
    label: "When an item fails",
    widget: "select",
    help: "fail: the Map fails (other items are cancelled). collect: the item's result is { error } and the rest go on.",
  }),
});

export const mapKind = defineNodeKind({
  kind: "map",
  label: "Map",
  description: "Runs its body once per item of a list and collects the results in order.",
  category: "logic",
  icon: "ListTree",
  configSchema,
  defaults: { items: "$.input.items", concurrency: 4, onItemError: "fail" as const },
  inputs: CONTAINER_INPUTS,
  outputs: () => [
    { id: bodyHandle, label: "Each item" },
    { id: doneHandle, label: "Done" },
  ],
  hasErrorOutput: true,
  effect: false,
  waits: true,
  expressionFields: (config) => [{ path: "items", kind: "expression", value: config.items }],
  summary: (config) => `Each of ${truncate(config.items, 26)} ×${config.concurrency}`,
});
