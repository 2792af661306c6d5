// The join kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./join) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";

const consensusSchema = z.strictObject({
  enabled: field(z.boolean().default(false), {
    label: "Check consensus",
    widget: "switch",
    help: "For parallel agents: when their answers differ or their confidence is too far apart, take the escalate output instead of out.",
  }),
  fields: field(z.string().max(500).default(""), {
    label: "Fields that must agree",
    widget: "text",
    placeholder: "decision, amount",
    help: "Comma-separated fields of the agents' answers (dots for nested fields); empty: the whole answer must agree.",
  }),
  maxConfidenceSpread: field(z.number().min(0).max(1).default(0.3), {
    label: "Max confidence spread",
    widget: "number",
    help: "Escalate when the highest and lowest confidence differ by more than this (0 to 1).",
  }),
});

export type ConsensusConfig = z.output<typeof consensusSchema>;

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
    consensus: field(consensusSchema.optional(), {
      label: "Consensus",
      widget: "group",
      help: "Compare the answers of the agents that arrive here; disagreement goes to a human.",
    }),
  })
  .superRefine((config, ctx) => {
    if (config.mode === "first_n" && config.n === undefined) {
      ctx.addIssue({ code: "custom", message: "n is required when mode is first_n", path: ["n"] });
    }
  });

export type JoinConfig = z.output<typeof joinConfigSchema>;
