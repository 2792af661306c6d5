// JSON parsing for text that crosses a trust boundary (request bodies, imported workflow files,
// pasted clipboard content). JSON.parse alone accepts input the rest of the system cannot handle:
// nesting thousands of levels deep (recursive code downstream overflows its stack), numbers beyond
// the double range (`-1e400` becomes -Infinity and is later stored as null), and strings holding NUL
// or lone UTF-16 surrogates (PostgreSQL refuses both; they are never meaningful text). This parser
// refuses each of them with the JSON path of the first offence. Isomorphic: no Node or DOM APIs.

export const DEFAULT_MAX_JSON_DEPTH = 64;

export type JsonRefusal =
  | { kind: "syntax"; message: string }
  | { kind: "depth"; message: string; maxDepth: number }
  | { kind: "number"; message: string; path: string }
  | { kind: "text"; message: string; path: string };

export type SafeJsonResult = { ok: true; value: unknown } | { ok: false; refusal: JsonRefusal };

export interface SafeJsonOptions {
  /** Deepest allowed nesting of arrays and objects (the top-level value is depth 1). */
  maxDepth?: number;
}

/** The deepest array/object nesting in JSON text, measured in one pass without parsing (stops early past `stopAt`). */
export function jsonNestingDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

// A lone surrogate: \p{Surrogate} in a u-mode regex matches only unpaired halves.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why a string is not acceptable anywhere in a request (NUL or a lone surrogate), or null. */
export function textRefusal(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character";
  if (LONE_SURROGATE.test(s)) return "contains a lone UTF-16 surrogate (not valid Unicode)";
  return null;
}

function pathOf(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (parent ? `${parent}.${key}` : key) : `${parent}[${JSON.stringify(key)}]`;
}

/** The first value that parsed but is not acceptable (non-finite number, bad text), depth already bounded. */
function findOffence(v: unknown, path: string): JsonRefusal | null {
  if (typeof v === "number") {
    return Number.isFinite(v) ? null : { kind: "number", path: path || "(root)", message: "number is out of range (not a finite double)" };
  }
  if (typeof v === "string") {
    const why = textRefusal(v);
    return why ? { kind: "text", path: path || "(root)", message: why } : null;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = findOffence(v[i], pathOf(path, i));
      if (r) return r;
    }
    return null;
  }
  if (v !== null && typeof v === "object") {
    for (const [k, child] of Object.entries(v)) {
      const why = textRefusal(k);
      if (why) return { kind: "text", path: pathOf(path, k.replace(/[\u0000\uD800-\uDFFF]/g, "?")), message: `key ${why}` };
      const r = findOffence(child, pathOf(path, k));
      if (r) return r;
    }
  }
  return null;
}

/** Parses JSON text, refusing deep nesting, non-finite numbers, NUL and lone surrogates. Never throws. */
export function parseJsonSafely(text: string, opts: SafeJsonOptions = {}): SafeJsonResult {
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  if (jsonNestingDepth(text, maxDepth) > maxDepth) {
    return { ok: false, refusal: { kind: "depth", maxDepth, message: `JSON nests deeper than ${maxDepth} levels` } };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, refusal: { kind: "syntax", message: e instanceof Error ? e.message : "not valid JSON" } };
  }
  const offence = findOffence(value, "");
  return offence ? { ok: false, refusal: offence } : { ok: true, value };
}

/** The refusal as one sentence for a person. */
export function describeRefusal(r: JsonRefusal): string {
  return "path" in r ? `${r.path}: ${r.message}` : r.message;
}
