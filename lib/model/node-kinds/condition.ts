import { IN_HANDLES } from "../handles";
import { truncate } from "./fields";
import { defineNodeKind } from "./types";
import type { ConditionConfig } from "./condition.config";

export const ELSE_HANDLE = "else";

export const conditionKind = defineNodeKind<"condition", ConditionConfig>({
  kind: "condition",
  label: "Condition",
  description: "Routes to the first branch whose expression is true, else to else.",
  category: "logic",
  icon: "GitBranch",
  defaults: { branches: [{ id: "if", label: "If", expression: "$exists($.input)" }] },
  inputs: IN_HANDLES,
  outputs: (config) => [...config.branches.map((b) => ({ id: b.id, label: b.label })), { id: ELSE_HANDLE, label: "Else" }],
  hasErrorOutput: true,
  effect: false,
  waits: false,
  undoable: true,
  expressionFields: (config) =>
    config.branches.map((b, i) => ({ path: `branches[${i}].expression`, kind: "expression" as const, value: b.expression })),
  summary: (config) =>
    config.branches.length === 1 ? `If ${truncate(config.branches[0].expression, 34)}` : `${config.branches.length} branches + else`,
});
