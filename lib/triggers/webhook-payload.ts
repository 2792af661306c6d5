// From a verified delivery to the run input: parse the body by its content type (JSON, form or text),
// build the mapping scope { body, headers (allow-listed only), query } and evaluate the trigger's
// JSONata mapping with the expression limits. A failure is a 422 naming the field (the Start node's
// input schema is checked by startRun, which names `input.<field>`).
import { DomainError, ProblemsError } from "@/lib/errors/domain-error";
import { describeRefusal, parseJsonSafely } from "@/lib/model/safe-json";
import { evaluateExpression, ExpressionError, type ExpressionScope } from "@/lib/model/expressions";

/** Deeper JSON than this is refused before it is parsed (the safe parser's stack-safe pre-scan). */
export const MAX_JSON_DEPTH = 64;

export interface DeliveryRequest {
  contentType: string;
  /** The body as received (UTF-8). */
  body: string;
  /** Only the headers the trigger allows the mapping to read (lower-case names). */
  headers: Record<string, string>;
  query: Record<string, string>;
}

/** The parsed body: JSON for application/json and *+json, an object for forms, else the text. */
export function parseDeliveryBody(contentType: string, text: string): unknown {
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) {
    if (text.trim() === "") return null;
    // Depth, non-finite numbers and NUL / lone-surrogate strings are refused as for every other body.
    const r = parseJsonSafely(text, { maxDepth: MAX_JSON_DEPTH });
    if (r.ok) return r.value;
    if (r.refusal.kind === "syntax") throw new DomainError("malformed_json", "The body is not valid JSON.");
    if (r.refusal.kind === "depth") throw new DomainError("malformed_json", `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`);
    throw new DomainError("invalid_request", `Invalid ${describeRefusal(r.refusal)}`, [
      { path: r.refusal.path, message: r.refusal.message },
    ]);
  }
  if (type === "application/x-www-form-urlencoded") {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(text)) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    return out;
  }
  return text;
}

export function allowedHeaders(headers: Headers, allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of allowed) {
    const v = headers.get(name);
    if (v !== null) out[name.toLowerCase()] = v;
  }
  return out;
}

export function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams.entries());
}

/**
 * The run input for a delivery: the mapping's result, or (without a mapping) the body itself. It must
 * be a JSON object; anything else is a 422 naming `mapping` or `input`.
 */
export async function mapDelivery(
  mapping: string,
  req: DeliveryRequest,
  body: unknown,
  maxBodyBytes: number,
): Promise<Record<string, unknown>> {
  let input: unknown = body;
  if (mapping.trim() !== "") {
    const scope = { body, headers: req.headers, query: req.query } as unknown as ExpressionScope;
    try {
      input = await evaluateExpression(mapping, scope, { maxInputBytes: Math.max(1_000_000, maxBodyBytes * 2) });
    } catch (e) {
      if (e instanceof ExpressionError) {
        throw new ProblemsError("validation_failed", "The webhook's mapping failed", [{ path: "mapping", message: e.message }]);
      }
      throw e;
    }
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    const what = mapping.trim() === "" ? "the body must be a JSON object (or add a mapping)" : "the mapping must produce a JSON object";
    throw new ProblemsError("validation_failed", "Invalid run input", [{ path: "input", message: what }]);
  }
  return input as Record<string, unknown>;
}
