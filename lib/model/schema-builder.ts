// The visual JSON-schema builder's model (components/editor/inspector/schema-builder.tsx): a JSON
// Schema read into a tree of typed fields the builder edits, and written back. Pure and zod-free.
//
// Lossless both ways: every keyword the builder does not edit (minimum, format, pattern, title,
// $ref, …) is kept in `extra` and written back as it was; a schema the builder cannot draw as a
// typed field (no type, a type list, a non-object root where an object is expected) becomes a
// "custom" node kept verbatim and edited in the JSON view. Written schemas list `required` in
// field order and leave out an empty `required`, which JSON Schema reads the same way.

export const BUILDER_TYPES = ["string", "number", "integer", "boolean", "object", "array"] as const;
export type BuilderType = (typeof BUILDER_TYPES)[number];

export interface SchemaNode {
  /** null: a schema the builder does not draw; `raw` holds it whole. */
  type: BuilderType | null;
  /** A custom node's schema, kept verbatim. */
  raw?: unknown;
  description?: string;
  /** Allowed values (strings for string fields, numbers for number and integer fields). */
  enum?: (string | number)[];
  /** `"x-personal": true`: masked for people without the personal-data grant. */
  personal?: boolean;
  /** Object: its properties in order. */
  fields?: FieldEntry[];
  /** Object: required names that are not among its properties (kept as written). */
  otherRequired?: string[];
  /** Object written without a `properties` keyword (kept that way while it has no fields). */
  noProperties?: boolean;
  /** Array: its element schema. */
  items?: SchemaNode;
  /** Every other keyword, in its original order. */
  extra: Record<string, unknown>;
}

export interface FieldEntry {
  name: string;
  required: boolean;
  schema: SchemaNode;
}

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isBuilderType = (t: unknown): t is BuilderType => typeof t === "string" && (BUILDER_TYPES as readonly string[]).includes(t);

/** Keywords the builder edits itself (the rest go to `extra`). */
const OWN = new Set(["type", "description", "enum", "x-personal", "properties", "required", "items"]);

function enumFits(type: BuilderType, values: unknown): values is (string | number)[] {
  if (!Array.isArray(values) || values.length === 0) return false;
  if (type === "string") return values.every((v) => typeof v === "string");
  if (type === "number") return values.every((v) => typeof v === "number" && Number.isFinite(v));
  if (type === "integer") return values.every((v) => typeof v === "number" && Number.isInteger(v));
  return false;
}

/** Whether the builder can draw this schema as a typed node (else it is kept as a custom node). */
function drawable(schema: Json): boolean {
  if (!isBuilderType(schema.type)) return false;
  const type = schema.type;
  if ("description" in schema && typeof schema.description !== "string") return false;
  if ("enum" in schema && !enumFits(type, schema.enum)) return false;
  if ("x-personal" in schema && schema["x-personal"] !== true) return false;
  if ("properties" in schema && (type !== "object" || !isRecord(schema.properties))) return false;
  if (
    "required" in schema &&
    (type !== "object" || !Array.isArray(schema.required) || !schema.required.every((r) => typeof r === "string"))
  )
    return false;
  if ("required" in schema && new Set(schema.required as string[]).size !== (schema.required as string[]).length) return false;
  if ("items" in schema && (type !== "array" || !isRecord(schema.items))) return false;
  if (type === "object" && isRecord(schema.properties) && Object.values(schema.properties).some((p) => !isRecord(p))) return false;
  return true;
}

/** Read a JSON Schema into the builder's tree. */
export function fromSchema(schema: unknown): SchemaNode {
  if (!isRecord(schema) || !drawable(schema)) return { type: null, raw: structuredClone(schema), extra: {} };
  const type = schema.type as BuilderType;
  const node: SchemaNode = { type, extra: {} };
  if (typeof schema.description === "string") node.description = schema.description;
  if (Array.isArray(schema.enum)) node.enum = [...(schema.enum as (string | number)[])];
  if (schema["x-personal"] === true) node.personal = true;
  if (type === "object") {
    const props = isRecord(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    node.fields = Object.entries(props).map(([name, child]) => ({ name, required: required.includes(name), schema: fromSchema(child) }));
    const other = required.filter((r) => !(r in props));
    if (other.length) node.otherRequired = other;
    if (!("properties" in schema)) node.noProperties = true;
  }
  if (type === "array" && isRecord(schema.items)) node.items = fromSchema(schema.items);
  for (const [k, v] of Object.entries(schema)) if (!OWN.has(k)) node.extra[k] = v;
  return node;
}

/** Write the builder's tree as a JSON Schema. */
export function toSchema(node: SchemaNode): Json {
  // (a custom node returns its schema as written, which may not even be an object)
  if (node.type === null) return structuredClone(node.raw) as Json;
  const out: Json = { type: node.type };
  if (node.description !== undefined && node.description !== "") out.description = node.description;
  if (node.enum?.length && node.type !== "object" && node.type !== "array" && node.type !== "boolean") out.enum = [...node.enum];
  if (node.type === "object") {
    const fields = node.fields ?? [];
    if (fields.length || !node.noProperties) out.properties = Object.fromEntries(fields.map((f) => [f.name, toSchema(f.schema)]));
    const required = [...fields.filter((f) => f.required).map((f) => f.name), ...(node.otherRequired ?? [])];
    if (required.length) out.required = required;
  }
  if (node.type === "array" && node.items) out.items = toSchema(node.items);
  if (node.personal) out["x-personal"] = true;
  for (const [k, v] of Object.entries(node.extra)) out[k] = v;
  return out;
}

/** A new node of a type, keeping what still applies (description, personal) from the old one. */
export function changeType(node: SchemaNode, type: BuilderType): SchemaNode {
  const next: SchemaNode = { type, extra: {} };
  if (node.description) next.description = node.description;
  if (node.personal) next.personal = true;
  if (type === "object") next.fields = node.type === "object" ? (node.fields ?? []) : [];
  if (type === "array") next.items = node.type === "array" && node.items ? node.items : { type: "string", extra: {} };
  if (node.enum?.length && enumFits(type, node.enum)) next.enum = node.enum;
  return next;
}

/** A fresh field name not used in `fields` ("field1", "field2", …). */
export function newFieldName(fields: readonly FieldEntry[]): string {
  const taken = new Set(fields.map((f) => f.name));
  let i = fields.length + 1;
  while (taken.has(`field${i}`)) i++;
  return `field${i}`;
}

/** Why the tree cannot be written (an empty or repeated field name), with the field's path; null when it can. */
export function builderProblem(node: SchemaNode, path = ""): string | null {
  if (node.type === "object") {
    const seen = new Set<string>();
    for (const f of node.fields ?? []) {
      const here = path ? `${path}.${f.name}` : f.name;
      if (!f.name.trim()) return `A field${path ? ` in ${path}` : ""} has no name`;
      if (seen.has(f.name)) return `Two fields are named "${here}"`;
      seen.add(f.name);
      const inner = builderProblem(f.schema, here);
      if (inner) return inner;
    }
  }
  if (node.type === "array" && node.items) return builderProblem(node.items, `${path}[]`);
  return null;
}

/** Enum values typed as comma-separated text, read for a type (numbers for number and integer). */
export function parseEnumText(type: BuilderType, text: string): { ok: true; values: (string | number)[] } | { ok: false; error: string } {
  const parts = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (type === "string") return { ok: true, values: [...new Set(parts)] };
  const nums = parts.map(Number);
  const bad = parts.find((p, i) => !Number.isFinite(nums[i]) || (type === "integer" && !Number.isInteger(nums[i])));
  if (bad !== undefined) return { ok: false, error: `"${bad}" is not ${type === "integer" ? "a whole number" : "a number"}` };
  return { ok: true, values: [...new Set(nums)] };
}
