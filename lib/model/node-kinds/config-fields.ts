// Zod field builders for expressions and templates in kind config schemas (*.config.ts).
import { z } from "zod";
import { field, type FieldMeta } from "../field-meta";
import { MAX_EXPRESSION_LENGTH } from "../expression-limits";

type Meta = Omit<FieldMeta, "widget">;

const source = () => z.string().max(MAX_EXPRESSION_LENGTH);

/** A required JSONata expression. */
export const expressionField = (meta: Meta) => field(source().regex(/\S/, "Expression is required"), { ...meta, widget: "expression" });

/** An optional JSONata expression; absent or blank means "not set". */
export const optionalExpressionField = (meta: Meta) => field(source().optional(), { ...meta, widget: "expression" });

/** A text with `{{ expression }}` placeholders. */
export const templateField = (meta: Meta) => field(source(), { ...meta, widget: "template" });

export const requiredTemplateField = (meta: Meta) => field(source().regex(/\S/, "Required"), { ...meta, widget: "template" });
