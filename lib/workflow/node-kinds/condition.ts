import { z } from "zod";
import { field } from "../field-meta";
import { IN_HANDLES, RESERVED_HANDLE_IDS } from "../handles";
import { expressionField, truncate } from "./fields";
import { defineNodeKind } from "./types";

export const ELSE_HANDLE = "else";

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

const configSchema = z.strictObject({
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

export const conditionKind = defineNodeKind({
  kind: "condition",
  label: "Condition",
  description: "Routes to the first branch whose expression is true, else to else.",
  category: "logic",
  icon: "GitBranch",
  configSchema,
  defaults: { branches: [{ id: "if", label: "If", expression: "$exists($.input)" }] },
  inputs: IN_HANDLES,
  outputs: (config) => [
    ...config.branches.map((b) => ({ id: b.id, label: b.label })),
    { id: ELSE_HANDLE, label: "Else" },
  ],
  hasErrorOutput: true,
  effect: false,
  waits: false,
  expressionFields: (config) =>
    config.branches.map((b, i) => ({ path: `branches[${i}].expression`, kind: "expression" as const, value: b.expression })),
  summary: (config) =>
    config.branches.length === 1
      ? `If ${truncate(config.branches[0].expression, 34)}`
      : `${config.branches.length} branches + else`,
});
