// The condition kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./condition) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";
import { RESERVED_HANDLE_IDS } from "../handles";
import { expressionField } from "./config-fields";

const branchSchema = z.strictObject({
  id: field(
    z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,31}$/, "Branch id must be a lowercase slug (a-z, 0-9, _), at most 32 characters")
      .refine((id) => !RESERVED_HANDLE_IDS.includes(id), "Branch id is reserved"),
    { label: "Handle id", widget: "text" },
  ),
  label: field(z.string().min(1).max(64), { label: "Label", widget: "text" }),
  expression: expressionField({ label: "When", help: "The branch is taken when this evaluates to a truthy value." }),
});

export const conditionConfigSchema = z.strictObject({
  branches: field(
    z
      .array(branchSchema)
      .min(1)
      .max(20)
      .superRefine((branches, ctx) => {
        const seen = new Set<string>();
        branches.forEach((branch, index) => {
          if (seen.has(branch.id)) {
            ctx.addIssue({ code: "custom", message: `Duplicate branch id "${branch.id}"`, path: [index, "id"] });
          }
          seen.add(branch.id);
        });
      }),
    {
      label: "Branches",
      widget: "list",
      help: "Evaluated in order; the first truthy branch is taken, otherwise else.",
    },
  ),
});

export type ConditionConfig = z.output<typeof conditionConfigSchema>;
