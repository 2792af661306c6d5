// The compensate kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./compensate) is zod-free.
import { z } from "zod";
import { templateField } from "./config-fields";

export const compensateConfigSchema = z.strictObject({
  reason: templateField({
    label: "Reason",
    help: "Recorded on the run. The undo steps of completed steps then run in reverse completion order.",
    placeholder: "Rejected by {{ $.steps.Review.output.decidedBy }}",
  }),
});

export type CompensateConfig = z.output<typeof compensateConfigSchema>;
