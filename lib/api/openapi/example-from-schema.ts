// An example value for a JSON Schema of the OpenAPI document, for every request body and success
// response a route declares no example of its own for. Derived from the same schema the route parses
// (so it cannot drift from it): `examples` / `default` / `const` / the first `enum` value when the
// schema has one, otherwise a value shaped by the type, format, bounds and pattern, with readable
// values picked by property name (ids, times, names, emails). tests/api/openapi-document.test.ts
// checks that every example validates against its schema.
import type { JsonSchema } from "./json-schema";

const MAX_DEPTH = 8;
const EXAMPLE_TIME = "2026-12-06T09:30:00.000Z";
const EXAMPLE_MS = Date.parse(EXAMPLE_TIME);
const UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

/** Candidates for strings with a pattern, tried in order (name-specific first). */
const PATTERN_CANDIDATES = [
  UUID,
  "order.paid",
  "Ux3kPq9LmZ2aB7cD4eF6gH",
  "sy_ab12cd34_Ux3kPq9LmZ2aB7cD4eF6gH8iJ0kL",
  "abcdef12",
  "example",
  "Example",
  "a",
  "A",
  "1",
  "#2563eb",
  "en",
  "Europe/Berlin",
  "0 9 * * 1-5",
  "https://example.com",
  "/",
  "a@example.com",
];

function namedString(name: string): string | null {
  const n = name.toLowerCase();
  if (n === "id" || n.endsWith("id")) return UUID;
  if (n.endsWith("at") || n.endsWith("until") || n === "since" || n === "before" || n === "after") return EXAMPLE_TIME;
  if (n.includes("email")) return "ada@example.com";
  if (n === "name" || n.endsWith("name")) return "Loan approval";
  if (n.includes("url")) return "https://example.com/hook";
  if (n === "path") return "/api/v1/hooks/Ux3kPq9LmZ2aB7cD4eF6gH";
  if (n === "cron") return "0 9 * * 1-5";
  if (n === "timezone") return "Europe/Berlin";
  if (n === "event") return "order.paid";
  if (n === "key") return "4711";
  if (n === "secret") return "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  if (n.includes("message") || n.includes("description") || n === "comment" || n === "reason") return "Example text";
  if (n.includes("expression") || n === "mapping" || n === "condition") return "$.input.amount > 1000";
  return null;
}

function resolveRef(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  let s = schema;
  for (let i = 0; i < 10 && typeof s.$ref === "string"; i++) {
    const name = s.$ref.replace("#/components/schemas/", "");
    const target = components[name];
    if (!target) return {};
    const { $ref: _ref, ...rest } = s;
    s = { ...target, ...rest };
  }
  return s;
}

function stringExample(s: JsonSchema, name: string): string {
  const min = typeof s.minLength === "number" ? s.minLength : 0;
  const max = typeof s.maxLength === "number" ? s.maxLength : Infinity;
  const fit = (v: string) => v.length >= min && v.length <= max;
  if (s.format === "date-time") return EXAMPLE_TIME;
  if (s.format === "date") return EXAMPLE_TIME.slice(0, 10);
  if (s.format === "uuid") return UUID;
  if (s.format === "email") return "ada@example.com";
  if (s.format === "uri" || s.format === "url") return "https://example.com/hook";
  const named = namedString(name);
  if (typeof s.pattern === "string") {
    let re: RegExp;
    try {
      re = new RegExp(s.pattern, "u");
    } catch {
      return named ?? "example";
    }
    const hit = [...(named ? [named] : []), ...PATTERN_CANDIDATES].find((v) => re.test(v) && fit(v));
    return hit ?? named ?? "example";
  }
  const v = named ?? "example";
  if (fit(v)) return v;
  return v.length > max ? v.slice(0, max) : v.padEnd(min, "x");
}

function numberExample(s: JsonSchema, name: string, integer: boolean): number {
  const lo = typeof s.minimum === "number" ? s.minimum : typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum + 1 : null;
  const hi = typeof s.maximum === "number" ? s.maximum : typeof s.exclusiveMaximum === "number" ? s.exclusiveMaximum - 1 : null;
  const n = name.toLowerCase();
  const instant = n.endsWith("atms") || ["fromms", "toms", "sincems", "untilms", "beforems", "afterms"].includes(n);
  let v = instant ? EXAMPLE_MS : n.endsWith("ms") ? 1500 : n === "limit" ? 50 : 1;
  if (lo !== null && v < lo) v = lo;
  if (hi !== null && v > hi) v = lo ?? hi;
  return integer ? Math.ceil(v) : v;
}

function merge(a: unknown, b: unknown): unknown {
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) return { ...a, ...b };
  return b === undefined ? a : b;
}

/** An example of `schema`, with the document's components to resolve `$ref`s. */
export function exampleOf(schema: JsonSchema, components: Record<string, JsonSchema>, name = "", depth = 0): unknown {
  const s = resolveRef(schema, components);
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.example !== undefined) return s.example;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum.find((v) => v !== null) ?? s.enum[0];
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.allOf))
    return (s.allOf as JsonSchema[]).reduce<unknown>((acc, part) => merge(acc, exampleOf(part, components, name, depth)), undefined);
  for (const key of ["anyOf", "oneOf"] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0) {
      const pick = (options as JsonSchema[]).find((o) => resolveRef(o, components).type !== "null") ?? options[0];
      return merge(exampleOf(pick as JsonSchema, components, name, depth), objectPart(s, components, name, depth));
    }
  }
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === "string" ? [s.type] : [];
  const type = types.find((t) => t !== "null") ?? types[0] ?? (s.properties ? "object" : s.items ? "array" : undefined);
  switch (type) {
    case "null":
      return null;
    case "boolean":
      return true;
    case "integer":
    case "number":
      return numberExample(s, name, type === "integer");
    case "string":
      return stringExample(s, name);
    case "array": {
      if (depth >= MAX_DEPTH || s.maxItems === 0) return [];
      const prefix = Array.isArray(s.prefixItems)
        ? (s.prefixItems as JsonSchema[]).map((p) => exampleOf(p, components, name, depth + 1))
        : [];
      if (prefix.length > 0) return prefix;
      const item =
        s.items && typeof s.items === "object"
          ? exampleOf(s.items as JsonSchema, components, name.replace(/s$/, ""), depth + 1)
          : "example";
      const n = Math.max(1, typeof s.minItems === "number" ? s.minItems : 1);
      return Array.from({ length: n }, () => item);
    }
    case "object":
      return objectPart(s, components, name, depth) ?? {};
    default:
      return {};
  }
}

function objectPart(
  s: JsonSchema,
  components: Record<string, JsonSchema>,
  name: string,
  depth: number,
): Record<string, unknown> | undefined {
  const props = s.properties as Record<string, JsonSchema> | undefined;
  if (!props) {
    if (s.type !== "object") return undefined;
    const extra = s.additionalProperties;
    if (extra && typeof extra === "object" && depth < MAX_DEPTH && (typeof s.minProperties !== "number" || s.minProperties > 0)) {
      return typeof s.minProperties === "number" ? { example: exampleOf(extra as JsonSchema, components, name, depth + 1) } : {};
    }
    return {};
  }
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(props)) {
    // Deep down, only what is required: keeps recursive schemas (JSON values, graphs) finite.
    if (depth >= MAX_DEPTH / 2 && !required.has(key)) continue;
    if (depth >= MAX_DEPTH) return out;
    out[key] = exampleOf(child, components, key, depth + 1);
  }
  return out;
}
