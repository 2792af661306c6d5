import { z } from "zod";
import { field } from "../field-meta";
import { IN_HANDLES, OUT_HANDLES } from "../handles";
import { defineNodeKind } from "./types";

const configSchema = z
  .strictObject({
    mode: field(z.enum(["all", "any", "first_n"]).default("all"), {
      label: "Wait for",
      widget: "select",
      help: "all: every incoming path decided; any: first taken path; first_n: the first n taken paths.",
    }),
    n: field(z.number().int().min(1).max(100).optional(), {
      label: "n",
      widget: "number",
      help: "Number of taken incoming paths to wait for (first_n only).",
    }),
  })
  .superRefine((config, ctx) => {
    if (config.mode === "first_n" && config.n === undefined) {
      ctx.addIssue({ code: "custom", message: "n is required when mode is first_n", path: ["n"] });
    }
  });

export const joinKind = defineNodeKind({
  kind: "join",
  label: "Join",
  description: "Waits for several incoming paths before continuing.",
  category: "flow",
  icon: "Merge",
  configSchema,
  defaults: { mode: "all" },
  inputs: IN_HANDLES,
  outputs: () => [...OUT_HANDLES],
  hasErrorOutput: true,
  effect: false,
  waits: false,
  expressionFields: () => [],
  summary: (config) =>
    config.mode === "all" ? "Wait for all" : config.mode === "any" ? "Wait for any" : `Wait for first ${config.n ?? "?"}`,
});
