// The end kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./end) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";
import { outcomeName } from "../run-outcome";
import { optionalExpressionField } from "./config-fields";

export const endConfigSchema = z.strictObject({
  output: optionalExpressionField({
    label: "Output",
    help: "Expression for the run output. Leave empty for no output (null).",
    placeholder: "$.steps.Transform.output",
  }),
  outcome: field(outcomeName.optional(), {
    label: "Outcome",
    widget: "text",
    help: "Names what a run that ends here came to (e.g. approved, rejected); shown and filterable in the runs list.",
    placeholder: "approved",
  }),
});

export type EndConfig = z.output<typeof endConfigSchema>;
