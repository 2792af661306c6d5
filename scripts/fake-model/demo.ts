/**
 * Deterministic "demo" answers for the fake model: echo-ish text, or for json_schema requests a
 * minimal object satisfying the schema's required properties (placeholder values; a numeric
 * `confidence` property is always filled with 0.9).
 */

type JsonSchema = Record<string, unknown> | boolean | undefined;

const MAX_DEPTH = 12;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function resolveRef(ref: string, root: unknown): JsonSchema {
  if (!ref.startsWith("#")) return {};
  const pointer = ref.slice(1);
  let cur: unknown = root;
  for (const raw of pointer.split("/").filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isObj(cur) && !Array.isArray(cur)) return {};
    cur = (cur as Record<string, unknown>)[key];
  }
  return isObj(cur) || typeof cur === "boolean" ? cur : {};
}

function schemaType(s: Record<string, unknown>): string | undefined {
  const t = s.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return (t.find((x) => x !== "null") as string | undefined) ?? (t[0] as string | undefined);
  if (isObj(s.properties) || Array.isArray(s.required)) return "object";
  if (s.items !== undefined || s.prefixItems !== undefined) return "array";
  return undefined;
}

function isNullSchema(s: unknown): boolean {
  return isObj(s) && (s.type === "null" || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null));
}

function clampNumber(s: Record<string, unknown>, preferred: number, integer: boolean): number {
  let v = preferred;
  const min = typeof s.minimum === "number" ? s.minimum : undefined;
  const max = typeof s.maximum === "number" ? s.maximum : undefined;
  const exMin = typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum : undefined;
  const exMax = typeof s.exclusiveMaximum === "number" ? s.exclusiveMaximum : undefined;
  const step = integer ? 1 : 0.5;
  if (min !== undefined && v < min) v = min;
  if (exMin !== undefined && v <= exMin) v = exMin + step;
  if (max !== undefined && v > max) v = max;
  if (exMax !== undefined && v >= exMax) v = exMax - step;
  if (integer) v = Math.ceil(v);
  if (typeof s.multipleOf === "number" && s.multipleOf > 0) v = Math.ceil(v / s.multipleOf) * s.multipleOf;
  return v;
}

function placeholderString(s: Record<string, unknown>, key: string | undefined): string {
  let v: string;
  switch (s.format) {
    case "date-time":
      v = "2024-01-01T00:00:00.000Z";
      break;
    case "date":
      v = "2024-01-01";
      break;
    case "time":
      v = "00:00:00";
      break;
    case "email":
      v = "demo@example.com";
      break;
    case "uri":
    case "url":
      v = "https://example.com/";
      break;
    case "uuid":
      v = "00000000-0000-4000-8000-000000000000";
      break;
    default:
      v = key ? `placeholder ${key}` : "placeholder";
  }
  const minLength = typeof s.minLength === "number" ? s.minLength : 0;
  const maxLength = typeof s.maxLength === "number" ? s.maxLength : Infinity;
  if (v.length < minLength) v = v.padEnd(minLength, "x");
  if (v.length > maxLength) v = v.slice(0, maxLength);
  return v;
}

/** Build a minimal value satisfying `schema` (best effort; `pattern` is not honoured). */
export function placeholderFromSchema(schema: JsonSchema, root: unknown = schema, key?: string, depth = 0): unknown {
  if (depth > MAX_DEPTH) return null;
  if (schema === undefined || schema === true) return key ? `placeholder ${key}` : "placeholder";
  if (schema === false) return null;
  let s = schema;
  if (typeof s.$ref === "string") {
    const target = resolveRef(s.$ref, root);
    const rest: Record<string, unknown> = { ...s };
    delete rest.$ref;
    s = isObj(target) ? { ...target, ...rest } : rest;
  }
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum.find((e) => e !== null) ?? s.enum[0];
  for (const k of ["anyOf", "oneOf"] as const) {
    const options = s[k];
    if (Array.isArray(options) && options.length) {
      const pick = options.find((o) => !isNullSchema(o)) ?? options[0];
      return placeholderFromSchema(pick as JsonSchema, root, key, depth + 1);
    }
  }
  if (Array.isArray(s.allOf) && s.allOf.length) {
    const parts = s.allOf.map((p) => placeholderFromSchema(p as JsonSchema, root, key, depth + 1));
    if (parts.every(isObj)) return Object.assign({}, ...parts);
    return parts[0];
  }
  switch (schemaType(s)) {
    case "object": {
      const props = isObj(s.properties) ? s.properties : {};
      const required = Array.isArray(s.required) ? (s.required as unknown[]).filter((r): r is string => typeof r === "string") : [];
      const out: Record<string, unknown> = {};
      for (const name of required) out[name] = placeholderFromSchema(props[name] as JsonSchema, root, name, depth + 1);
      const conf = props.confidence;
      if (isObj(conf) && (conf.type === "number" || (Array.isArray(conf.type) && conf.type.includes("number")))) {
        out.confidence = clampNumber(conf, 0.9, false);
      }
      return out;
    }
    case "array": {
      const min = typeof s.minItems === "number" ? s.minItems : 1;
      const max = typeof s.maxItems === "number" ? s.maxItems : Infinity;
      const n = Math.min(Math.max(min, 1), max);
      const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
      return Array.from({ length: n }, (_, i) => placeholderFromSchema((prefix[i] ?? s.items) as JsonSchema, root, key, depth + 1));
    }
    case "string":
      return placeholderString(s, key);
    case "number":
      return clampNumber(s, key === "confidence" ? 0.9 : 0, false);
    case "integer":
      return clampNumber(s, 0, true);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return key ? `placeholder ${key}` : "placeholder";
  }
}

/** Text of the last user message (string content or text parts). */
export function lastUserText(messages: unknown[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (!isObj(m) || m.role !== "user") continue;
    if (typeof m.content === "string") return m.content;
    if (Array.isArray(m.content)) {
      return m.content
        .map((p) => (isObj(p) && typeof p.text === "string" ? p.text : ""))
        .filter(Boolean)
        .join("\n");
    }
    return "";
  }
  return null;
}

export type DemoReply =
  { kind: "content"; content: string } | { kind: "toolCalls"; toolCalls: { name: string; arguments: Record<string, unknown> }[] };

/** Deterministic answer for a chat.completions request body. */
export function demoReply(body: Record<string, unknown>): DemoReply {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const rf = isObj(body.response_format) ? body.response_format : undefined;
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObj) : [];
  const tc = body.tool_choice;

  // Forced tool use: call the requested tool with placeholder arguments.
  const forcedName =
    isObj(tc) && isObj(tc.function) && typeof tc.function.name === "string"
      ? tc.function.name
      : tc === "required" && tools.length && isObj(tools[0].function)
        ? (tools[0].function.name as string)
        : undefined;
  if (forcedName) {
    const tool = tools.find((t) => isObj(t.function) && t.function.name === forcedName);
    const params = tool && isObj(tool.function) ? (tool.function.parameters as JsonSchema) : undefined;
    const args = params ? placeholderFromSchema(params) : {};
    return { kind: "toolCalls", toolCalls: [{ name: forcedName, arguments: isObj(args) ? args : {} }] };
  }

  const userText = lastUserText(messages);
  const echo = userText === null ? "" : userText.replace(/\s+/g, " ").trim().slice(0, 200);

  if (rf?.type === "json_schema") {
    const js = isObj(rf.json_schema) ? rf.json_schema : {};
    const schema = (isObj(js.schema) ? js.schema : { type: "object" }) as JsonSchema;
    return { kind: "content", content: JSON.stringify(placeholderFromSchema(schema)) };
  }
  if (rf?.type === "json_object") {
    return { kind: "content", content: JSON.stringify({ reply: echo ? `Demo reply to: ${echo}` : "Demo reply", confidence: 0.9 }) };
  }
  return {
    kind: "content",
    content: echo ? `Demo reply (fake model): you said "${echo}".` : "Demo reply (fake model): hello!",
  };
}
