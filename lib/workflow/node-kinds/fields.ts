import { z } from "zod";
import { field, type FieldMeta } from "../field-meta";
import { MAX_EXPRESSION_LENGTH } from "../expression-limits";
import type { ExpressionField } from "./types";

type Meta = Omit<FieldMeta, "widget">;

const source = () => z.string().max(MAX_EXPRESSION_LENGTH);

/** A required JSONata expression. */
export const expressionField = (meta: Meta) =>
  field(source().regex(/\S/, "Expression is required"), { ...meta, widget: "expression" });

/** An optional JSONata expression; absent or blank means "not set". */
export const optionalExpressionField = (meta: Meta) => field(source().optional(), { ...meta, widget: "expression" });

/** A text with `{{ expression }}` placeholders. */
export const templateField = (meta: Meta) => field(source(), { ...meta, widget: "template" });

export const requiredTemplateField = (meta: Meta) =>
  field(source().regex(/\S/, "Required"), { ...meta, widget: "template" });

/** Push an expression field unless it is absent or blank (blank optional fields are "not set"). */
export function exprField(path: string, kind: ExpressionField["kind"], value: string | undefined): ExpressionField[] {
  return value !== undefined && value.trim() !== "" ? [{ path, kind, value }] : [];
}

export function truncate(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
