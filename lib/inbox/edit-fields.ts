// The "Edit and approve" form model: one field per property of the task's editable schema, how to
// edit it, a quick check before sending, and the diff shown before confirming. Isomorphic; the
// server (decideTask) validates again and is the authority.

export type FieldWidget = "text" | "textarea" | "number" | "integer" | "boolean" | "enum" | "json";

export interface EditField {
  key: string;
  label: string;
  description: string | null;
  widget: FieldWidget;
  schema: Record<string, unknown>;
  options: unknown[];
}

export interface FieldDiff {
  path: string;
  from: unknown;
  to: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function typeList(schema: Record<string, unknown>): string[] {
  const t = schema.type;
  return Array.isArray(t) ? t.map(String) : typeof t === "string" ? [t] : [];
}

export function editFields(editableSchema: unknown): EditField[] {
  const props = isRecord(editableSchema) && isRecord(editableSchema.properties) ? editableSchema.properties : {};
  return Object.entries(props).map(([key, raw]) => {
    const schema = isRecord(raw) ? raw : {};
    const types = typeList(schema);
    let widget: FieldWidget = "json";
    if (Array.isArray(schema.enum)) widget = "enum";
    else if (types.length === 1 && types[0] === "string")
      widget = typeof schema.maxLength === "number" && schema.maxLength <= 120 ? "text" : "textarea";
    else if (types.length === 1 && types[0] === "integer") widget = "integer";
    else if (types.length === 1 && types[0] === "number") widget = "number";
    else if (types.length === 1 && types[0] === "boolean") widget = "boolean";
    return {
      key,
      label: typeof schema.title === "string" ? schema.title : key,
      description: typeof schema.description === "string" ? schema.description : null,
      widget,
      schema,
      options: Array.isArray(schema.enum) ? schema.enum : [],
    };
  });
}

/** The text shown in an input for a value. */
export function toInputText(field: EditField, value: unknown): string {
  if (value === undefined || value === null) return field.widget === "json" ? "null" : "";
  if (field.widget === "json") return JSON.stringify(value, null, 2);
  if (field.widget === "enum") return JSON.stringify(value);
  return String(value);
}

/** Parse what the reviewer typed into a JSON value, or say what is wrong with it. */
export function parseFieldInput(field: EditField, text: string | boolean): { ok: true; value: unknown } | { ok: false; error: string } {
  if (field.widget === "boolean") return { ok: true, value: Boolean(text) };
  const s = String(text);
  let value: unknown;
  switch (field.widget) {
    case "text":
    case "textarea":
      value = s;
      break;
    case "integer":
    case "number": {
      if (s.trim() === "") return { ok: false, error: "Enter a number" };
      const n = Number(s);
      if (!Number.isFinite(n)) return { ok: false, error: "Enter a number" };
      if (field.widget === "integer" && !Number.isInteger(n)) return { ok: false, error: "Enter a whole number" };
      value = n;
      break;
    }
    case "enum":
    case "json":
      try {
        value = JSON.parse(s) as unknown;
      } catch {
        return { ok: false, error: "Not valid JSON" };
      }
      break;
  }
  const problem = checkValue(field.schema, value);
  return problem ? { ok: false, error: problem } : { ok: true, value };
}

/** The common JSON Schema checks, for instant feedback. */
export function checkValue(schema: Record<string, unknown>, value: unknown): string | null {
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return `Must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`;
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) return `Must be at least ${schema.minimum}`;
    if (typeof schema.maximum === "number" && value > schema.maximum) return `Must be at most ${schema.maximum}`;
  }
  if (typeof value === "string") {
    if (typeof schema.minLength === "number" && value.length < schema.minLength) return `Must be at least ${schema.minLength} characters`;
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) return `Must be at most ${schema.maxLength} characters`;
  }
  return null;
}

/** Top-level fields whose value changed, in the edited object's key order. */
export function payloadDiff(original: unknown, edited: Record<string, unknown>): FieldDiff[] {
  const base = isRecord(original) ? original : {};
  const out: FieldDiff[] = [];
  for (const [key, to] of Object.entries(edited)) {
    const from = base[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) out.push({ path: key, from: from ?? null, to });
  }
  return out;
}
