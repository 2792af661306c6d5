import { compileExpression, compileTemplate } from "../expressions";
import { expressionFieldsOf, type ExpressionField } from "../node-kinds";
import type { ValidationContext } from "./context";
import { error, type Problem } from "./problem";

function check(field: ExpressionField) {
  if (field.kind === "template") return compileTemplate(field.value);
  return compileExpression(field.value);
}

/** Every expression and template of every (well-formed) node must compile. */
export function expressionRules(ctx: ValidationContext): Problem[] {
  return ctx.nodes.flatMap((entry) => {
    if (!entry.node) return [];
    return expressionFieldsOf(entry.node).flatMap((field) => {
      const result = check(field);
      if (result.ok) return [];
      const what = field.kind === "template" ? "template" : "expression";
      return [
        error("invalid_expression", `Invalid ${what} in ${field.path} at position ${result.error.position}: ${result.error.message}`, {
          nodeId: entry.id,
          path: `config.${field.path}`,
          position: result.error.position,
        }),
      ];
    });
  });
}
