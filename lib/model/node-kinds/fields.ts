// Zod-free helpers for kind definitions; the zod field builders are in ./config-fields.
import type { ExpressionField } from "./types";

/** Push an expression field unless it is absent or blank (blank optional fields are "not set"). */
export function exprField(path: string, kind: ExpressionField["kind"], value: string | undefined): ExpressionField[] {
  return value !== undefined && value.trim() !== "" ? [{ path, kind, value }] : [];
}

export function truncate(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
