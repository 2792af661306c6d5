// The map kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./map) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";
import { expressionField } from "./config-fields";
import { MAX_MAP_CONCURRENCY } from "./map";

export const mapConfigSchema = z.strictObject({
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

export type MapConfig = z.output<typeof mapConfigSchema>;
