// How the model reports its answer, rationale and confidence: through structured output. The
// node's answer schema (or a plain string when there is none) is wrapped as
//   { answer: <schema>, rationale: string, confidence: number }
// and sent as a json_schema response format, strict when the schema qualifies for OpenAI's strict
// mode (every object closed and fully required), otherwise non-strict. Whatever the endpoint
// enforces, the reply is validated again here; a reply that fails gets a bounded repair retry.
import { validateJsonSchema } from "@/lib/engine/json-schema";
import type { ResponseFormat } from "@/lib/agents/model-client";

export const RESPONSE_FORMAT_NAME = "agent_answer";

type Schema = Record<string, unknown>;

function isObject(v: unknown): v is Schema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** OpenAI strict mode: every object schema has additionalProperties:false and requires all its properties. */
export function isStrictCompatible(schema: unknown): boolean {
  if (!isObject(schema)) return typeof schema === "boolean" ? false : true;
  if (schema.$ref !== undefined || schema.oneOf !== undefined || schema.allOf !== undefined || schema.not !== undefined) return false;
  const props = isObject(schema.properties) ? schema.properties : undefined;
  const isObj = schema.type === "object" || props !== undefined;
  if (isObj) {
    if (schema.additionalProperties !== false) return false;
    const keys = Object.keys(props ?? {});
    const required = Array.isArray(schema.required) ? schema.required : [];
    if (!keys.every((k) => required.includes(k))) return false;
    if (!Object.values(props ?? {}).every(isStrictCompatible)) return false;
  }
  if (schema.items !== undefined && !isStrictCompatible(schema.items)) return false;
  if (Array.isArray(schema.anyOf) && !schema.anyOf.every(isStrictCompatible)) return false;
  return true;
}

export function wrappedSchema(answerSchema: Schema | null): Schema {
  return {
    type: "object",
    properties: {
      answer: answerSchema ?? { type: "string", description: "Your answer." },
      rationale: { type: "string", description: "Why: the facts and reasoning behind the answer, for an auditor." },
      confidence: { type: "number", description: "How sure you are that the answer is right, from 0 (guess) to 1 (certain)." },
    },
    required: ["answer", "rationale", "confidence"],
    additionalProperties: false,
  };
}

export function responseFormatFor(answerSchema: Schema | null): ResponseFormat {
  const schema = wrappedSchema(answerSchema);
  return { name: RESPONSE_FORMAT_NAME, schema, strict: isStrictCompatible(schema) };
}

export const OUTPUT_INSTRUCTIONS =
  'When you give your final answer, reply with ONLY a JSON object {"answer": ..., "rationale": "...", "confidence": 0.0-1.0}: ' +
  "answer as specified, rationale explaining why, confidence between 0 and 1.";

export interface FinalAnswer {
  answer: unknown;
  rationale: string;
  confidence: number;
}

export type ParsedFinal = { ok: true; value: FinalAnswer } | { ok: false; problems: string[] };

/** Parse and validate a final reply against the wrapped schema (confidence must be within 0..1). */
export function parseFinal(content: string | null, answerSchema: Schema | null): ParsedFinal {
  if (content === null || content.trim() === "") return { ok: false, problems: ["the reply was empty"] };
  let value: unknown;
  try {
    value = JSON.parse(stripFences(content));
  } catch {
    return { ok: false, problems: ["the reply is not valid JSON"] };
  }
  const problems = validateJsonSchema(value, wrappedSchema(answerSchema)).map((p) => `${p.path}: ${p.message}`);
  const v = value as Partial<FinalAnswer>;
  if (typeof v?.confidence === "number" && (v.confidence < 0 || v.confidence > 1 || !Number.isFinite(v.confidence))) {
    problems.push("confidence: must be between 0 and 1");
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { answer: v.answer, rationale: v.rationale!, confidence: v.confidence! } };
}

/** Some OpenAI-compatible servers wrap JSON in ``` fences even in JSON mode. */
function stripFences(text: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  return m ? m[1] : text;
}

export function repairMessage(problems: string[]): string {
  return (
    `Your previous reply could not be used: ${problems.slice(0, 10).join("; ")}. ` +
    `Reply again with only the JSON object {"answer", "rationale", "confidence"} matching the required schema.`
  );
}
