// A small JSON Schema validator for run inputs and reviewer-edited payloads. Supports the subset the
// editor produces: type (object, string, number, integer, boolean, array, null; or a list), properties,
// required, additionalProperties:false, items, enum, const, minimum/maximum, minLength/maxLength,
// minItems/maxItems. Unknown keywords are ignored (never a reason to reject).
import type { Problem } from "./errors";

type Schema = Record<string, unknown>;

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function matchesType(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  if (t === "number") return actual === "number" || actual === "integer";
  return actual === t;
}

function isSchema(s: unknown): s is Schema {
  return typeof s === "object" && s !== null && !Array.isArray(s);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function validateJsonSchema(value: unknown, schema: unknown, path = "", out: Problem[] = []): Problem[] {
  if (!isSchema(schema)) return out;
  const at = path || "(root)";
  const t = schema.type;
  if (typeof t === "string" || Array.isArray(t)) {
    const types = (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === "string");
    if (types.length && !types.some((x) => matchesType(value, x))) {
      out.push({ path: at, message: `expected ${types.join(" or ")}, got ${typeOf(value)}` });
      return out;
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => deepEqual(e, value))) {
    out.push({ path: at, message: `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}` });
  }
  if ("const" in schema && !deepEqual(schema.const, value)) {
    out.push({ path: at, message: `must equal ${JSON.stringify(schema.const)}` });
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) out.push({ path: at, message: `must be >= ${schema.minimum}` });
    if (typeof schema.maximum === "number" && value > schema.maximum) out.push({ path: at, message: `must be <= ${schema.maximum}` });
  }
  if (typeof value === "string") {
    const len = [...value].length;
    if (typeof schema.minLength === "number" && len < schema.minLength)
      out.push({ path: at, message: `must be at least ${schema.minLength} characters` });
    if (typeof schema.maxLength === "number" && len > schema.maxLength)
      out.push({ path: at, message: `must be at most ${schema.maxLength} characters` });
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems)
      out.push({ path: at, message: `must have at least ${schema.minItems} items` });
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems)
      out.push({ path: at, message: `must have at most ${schema.maxItems} items` });
    if (isSchema(schema.items)) value.forEach((item, i) => validateJsonSchema(item, schema.items, `${path}[${i}]`, out));
  }
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    const props = isSchema(schema.properties) ? (schema.properties as Record<string, unknown>) : {};
    if (Array.isArray(schema.required)) {
      for (const key of schema.required) {
        if (typeof key === "string" && obj[key] === undefined) out.push({ path: join(path, key), message: "is required" });
      }
    }
    for (const [key, v] of Object.entries(obj)) {
      if (key in props) validateJsonSchema(v, props[key], join(path, key), out);
      else if (schema.additionalProperties === false) out.push({ path: join(path, key), message: "is not allowed" });
    }
  }
  return out;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
