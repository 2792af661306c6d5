// The transform kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./transform) is zod-free.
import { z } from "zod";
import { expressionField } from "./config-fields";

export const transformConfigSchema = z.strictObject({
  expression: expressionField({
    label: "Mapping",
    help: "JSONata expression whose result becomes this step's output.",
    placeholder: '{ "total": $sum($.input.items.price) }',
  }),
});

export type TransformConfig = z.output<typeof transformConfigSchema>;
