// Reading zod 4 schemas to generate forms: unwrap optional/default/nullable, find enum options,
// array elements and object shapes, and build a fresh value for a new list item.
import type { z } from "zod";

type AnySchema = z.ZodType;

interface Unwrapped {
  inner: AnySchema;
  optional: boolean;
  nullable: boolean;
}

const typeOf = (s: AnySchema): string => (s as unknown as { type: string }).type;

export function unwrap(schema: AnySchema): Unwrapped {
  let inner = schema;
  let optional = false;
  let nullable = false;
  for (let i = 0; i < 10; i++) {
    const t = typeOf(inner);
    if (t === "optional" || t === "default" || t === "prefault") {
      optional = true;
      inner = (inner as unknown as { unwrap(): AnySchema }).unwrap();
    } else if (t === "nullable") {
      nullable = true;
      inner = (inner as unknown as { unwrap(): AnySchema }).unwrap();
    } else if (t === "pipe") {
      inner = (inner as unknown as { _zod: { def: { in: AnySchema } } })._zod.def.in;
    } else break;
  }
  return { inner, optional, nullable };
}

export function kindOf(schema: AnySchema): string {
  return typeOf(unwrap(schema).inner);
}

export function enumOptions(schema: AnySchema): string[] {
  const { inner } = unwrap(schema);
  if (typeOf(inner) === "enum") return (inner as unknown as { options: string[] }).options.map(String);
  if (typeOf(inner) === "literal") return [...(inner as unknown as { values: Set<unknown> }).values].map(String);
  return [];
}

export function arrayElement(schema: AnySchema): AnySchema | null {
  const { inner } = unwrap(schema);
  return typeOf(inner) === "array" ? (inner as unknown as { element: AnySchema }).element : null;
}

export function objectShape(schema: AnySchema): Record<string, AnySchema> | null {
  const { inner } = unwrap(schema);
  return typeOf(inner) === "object" ? (inner as unknown as { shape: Record<string, AnySchema> }).shape : null;
}

/** The value a field starts with: its default when it has one, otherwise an empty value of its type. */
export function initialValue(schema: AnySchema): unknown {
  const parsed = schema.safeParse(undefined);
  if (parsed.success && parsed.data !== undefined) return structuredClone(parsed.data);
  const { inner, optional } = unwrap(schema);
  if (optional) return undefined;
  switch (typeOf(inner)) {
    case "string":
      return "";
    case "number":
      return 0;
    case "boolean":
      return false;
    case "enum":
      return enumOptions(inner)[0];
    case "array":
      return [];
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(objectShape(inner) ?? {})) {
        const v = initialValue(child);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** "Branches" → "Branch", "Headers" → "Header", "Escalation" → "Escalation". */
export function singular(label: string): string {
  if (/ches$|shes$|sses$|xes$/.test(label)) return label.slice(0, -2);
  if (/[^s]s$/.test(label)) return label.slice(0, -1);
  return label;
}
