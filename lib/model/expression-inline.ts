/**
 * Which expressions may be evaluated on the caller's thread when an isolated evaluator is installed.
 *
 * Every JSONata step runs the timebox hooks, so a long evaluation made of many steps is stopped after
 * a short slice (`INLINE_SLICE_MS`) and handed to the isolated evaluator. What the hooks cannot stop is
 * one long synchronous call: a builtin doing super-linear work (`$distinct` is quadratic, `$sort` and
 * the `^( )` operator sort without a step per comparison, `$pad` and `..` allocate what they are told),
 * or a value that grew exponentially through bindings or recursion and is then serialised. So only
 * small expressions without bindings, functions of their own, ranges, sorting or regexes, calling only
 * the linear builtins below, run inline; everything else goes to the isolated evaluator.
 */
import type jsonata from "jsonata";

/** Longest source evaluated inline: bounds how many times a value can be referenced (and so serialised). */
export const MAX_INLINE_SOURCE = 1000;

/** Wall-clock slice after which an inline evaluation is abandoned and re-run in isolation. */
export const INLINE_SLICE_MS = 25;

const LINEAR_BUILTINS = new Set([
  "string",
  "length",
  "substring",
  "substringBefore",
  "substringAfter",
  "uppercase",
  "lowercase",
  "trim",
  "contains",
  "split",
  "join",
  "number",
  "abs",
  "floor",
  "ceil",
  "round",
  "sqrt",
  "power",
  "random",
  "boolean",
  "not",
  "exists",
  "count",
  "sum",
  "max",
  "min",
  "average",
  "keys",
  "lookup",
  "append",
  "merge",
  "spread",
  "reverse",
  "type",
  "error",
  "assert",
  "zip",
  "shuffle",
  "now",
  "millis",
  "toMillis",
  "fromMillis",
  "formatNumber",
  "formatBase",
  "formatInteger",
  "parseInteger",
  "base64encode",
  "base64decode",
  "encodeUrl",
  "encodeUrlComponent",
  "decodeUrl",
  "decodeUrlComponent",
]);

const REJECTED_TYPES = new Set(["lambda", "partial", "bind", "regex", "regexp", "sort", "transform", "descendant", "parent"]);

interface NodeLike {
  type?: unknown;
  value?: unknown;
}

function safeNode(node: NodeLike): boolean {
  if (typeof node.type !== "string") return true;
  if (REJECTED_TYPES.has(node.type)) return false;
  if (node.type === "binary" && node.value === "..") return false;
  // `$` is "" and `$$` is "$"; any other variable is a builtin (user bindings are rejected above).
  if (node.type === "variable" && node.value !== "" && node.value !== "$") return LINEAR_BUILTINS.has(String(node.value));
  return true;
}

/** True when the compiled expression may run on the caller's thread (see the module comment). */
export function isInlineSafe(source: string, ast: jsonata.ExprNode): boolean {
  if (source.length > MAX_INLINE_SOURCE) return false;
  const stack: unknown[] = [ast];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof RegExp) return false;
    if (!Array.isArray(v) && !safeNode(v as NodeLike)) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === "object" && child !== null) stack.push(child);
  }
  return true;
}
