// A request's JSON body, read with a streaming byte limit and parsed with the safe JSON parser:
// too large is a 413, malformed or too deep a 400 malformed_json, a non-finite number or a string
// with NUL or a lone surrogate a 400 invalid_request naming the field. An empty body reads as {}.
import { DomainError } from "@/lib/errors/domain-error";
import { describeRefusal, parseJsonSafely } from "@/lib/model/safe-json";
import { requestLimits } from "./limits";
import { readBodyText } from "./read-body";

/** Parses JSON text from outside (a body, an uploaded file) or throws the matching DomainError. */
export function parseUntrustedJson(text: string, what = "Request body"): unknown {
  const r = parseJsonSafely(text, { maxDepth: requestLimits().jsonDepth });
  if (r.ok) return r.value;
  const { refusal } = r;
  if (refusal.kind === "syntax") throw new DomainError("malformed_json", `${what} is not valid JSON.`);
  if (refusal.kind === "depth") throw new DomainError("malformed_json", `${what} ${refusal.message}.`, { maxDepth: refusal.maxDepth });
  throw new DomainError("invalid_request", `Invalid ${describeRefusal(refusal)}`, [{ path: refusal.path, message: refusal.message }]);
}

export async function readJsonBody(req: Request, maxBytes = requestLimits().bodyBytes): Promise<unknown> {
  const text = await readBodyText(req, maxBytes);
  if (text.trim() === "") return {};
  return parseUntrustedJson(text);
}
