// zod → JSON Schema for the OpenAPI document. OpenAPI 3.1's schema objects are JSON Schema 2020-12,
// which is what zod 4's z.toJSONSchema writes, so no translation is needed: only the `$defs` a
// conversion produces (recursive and named schemas) move to components.schemas, where every $ref of
// the document can reach them. A schema with `.meta({ id })` keeps its id as its component name.
import { createHash } from "node:crypto";
import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  /** The JSON Schema of `schema` as a request reads it ("input") or a response writes it ("output"). */
  convert(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const raw = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
    const { $schema: _ignored, $defs, ...root } = raw as JsonSchema & { $defs?: Record<string, JsonSchema> };
    if (!$defs) return root;
    const names = new Map<string, string>();
    for (const [local, def] of Object.entries($defs)) {
      const base = local.startsWith("__schema") ? `Schema${hash(def)}` : local;
      names.set(local, this.place(base, io, def));
    }
    for (const [local, def] of Object.entries($defs)) this.schemas[names.get(local)!] = rewriteRefs(def, names) as JsonSchema;
    return rewriteRefs(root, names) as JsonSchema;
  }

  /** A component name for `def`: the base name, or base + "Input" when the request side differs from the response side. */
  private place(base: string, io: "input" | "output", def: JsonSchema): string {
    const existing = this.schemas[base];
    if (!existing || hash(existing) === hash(def) || base.startsWith("Schema")) return base;
    return io === "input" ? `${base}Input` : `${base}Output`;
  }
}

function hash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 8);
}

function rewriteRefs(node: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, names));
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && typeof v === "string" && v.startsWith("#/$defs/")) {
      out[k] = `#/components/schemas/${names.get(v.slice("#/$defs/".length)) ?? v.slice("#/$defs/".length)}`;
    } else out[k] = rewriteRefs(v, names);
  }
  return out;
}
