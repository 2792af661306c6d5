// The join kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./join) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";

export const joinConfigSchema = z
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

export type JoinConfig = z.output<typeof joinConfigSchema>;
