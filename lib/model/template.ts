import { ExpressionError } from "./expression-error";
import { MAX_EXPRESSION_LENGTH } from "./expression-limits";

/** A template is literal text with `{{ jsonata }}` placeholders; `\{{` is a literal `{{`. */
export type TemplatePart = { type: "text"; text: string } | { type: "expression"; source: string; offset: number };

/** Index just past the `}}` closing a placeholder whose body starts at `from`, or -1. Skips strings, comments and nested braces. */
function findPlaceholderEnd(template: string, from: number): number {
  let depth = 0;
  for (let i = from; i < template.length; i++) {
    const c = template[i];
    if (c === '"' || c === "'" || c === "`") {
      i = skipQuoted(template, i, c);
      if (i < 0) return -1;
    } else if (c === "/" && template[i + 1] === "*") {
      const close = template.indexOf("*/", i + 2);
      if (close < 0) return -1;
      i = close + 1;
    } else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0 && template[i + 1] === "}") return i + 2;
      depth = Math.max(0, depth - 1);
    }
  }
  return -1;
}

function skipQuoted(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\" && quote !== "`") i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

/** Split a template into text and expression parts. Throws ExpressionError("syntax") on an unclosed placeholder. */
export function parseTemplate(template: string): TemplatePart[] {
  if (template.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError("size", `Template is longer than ${MAX_EXPRESSION_LENGTH} characters`, {
      position: MAX_EXPRESSION_LENGTH,
    });
  }
  const parts: TemplatePart[] = [];
  let text = "";
  let i = 0;
  while (i < template.length) {
    if (template.startsWith("\\{{", i)) {
      text += "{{";
      i += 3;
    } else if (template.startsWith("{{", i)) {
      const end = findPlaceholderEnd(template, i + 2);
      if (end < 0) throw new ExpressionError("syntax", 'Unclosed "{{" placeholder', { position: i });
      const source = template.slice(i + 2, end - 2);
      if (source.trim() === "") throw new ExpressionError("syntax", "Empty {{ }} placeholder", { position: i });
      if (text) parts.push({ type: "text", text });
      text = "";
      parts.push({ type: "expression", source, offset: i + 2 });
      i = end;
    } else {
      text += template[i];
      i++;
    }
  }
  if (text) parts.push({ type: "text", text });
  return parts;
}

/** Placeholder values: strings as-is, null/undefined as "", anything else as JSON. */
export function stringifyPlaceholder(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? "";
}
