/**
 * Hashing helpers shared by the app: payload hashes, audit hash chains, API-key storage and
 * random tokens. Server-only (uses node:crypto).
 */
import { hash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * SHA-256 of a UTF-8 string (or raw bytes), as lowercase hex. The one-shot crypto.hash (Node 20.12+)
 * makes no Hash object: a third faster per call, which audit verification does once per row.
 */
export function sha256Hex(input: string | Uint8Array): string {
  return hash("sha256", input, "hex");
}

/**
 * Deterministic JSON serialization: object keys sorted by UTF-16 code unit order (as in RFC 8785 /
 * JCS), no whitespace. Otherwise follows `JSON.stringify` semantics (`toJSON` is honoured,
 * `undefined`/functions/symbols are dropped from objects and become `null` in arrays, non-finite
 * numbers become `null`) so that `JSON.parse(canonicalJson(x))` deep-equals `JSON.parse(JSON.stringify(x))`.
 *
 * Throws a TypeError for values JSON cannot represent at all (top-level `undefined`, functions,
 * symbols, bigint) and for circular structures.
 */
export function canonicalJson(value: unknown): string {
  const out = serialize(value, new Set<object>());
  if (out === undefined) {
    throw new TypeError(`canonicalJson: value of type ${typeof value} is not serializable to JSON`);
  }
  return out;
}

function serialize(value: unknown, stack: Set<object>): string | undefined {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      throw new TypeError("canonicalJson: bigint values are not serializable to JSON");
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return "null";
  const obj = value as object;
  if (stack.has(obj)) throw new TypeError("canonicalJson: circular structure");
  stack.add(obj);
  try {
    if (Array.isArray(obj)) {
      return `[${obj.map((item) => serialize(item, stack) ?? "null").join(",")}]`;
    }
    const parts: string[] = [];
    for (const key of Object.keys(obj).sort()) {
      const v = serialize((obj as Record<string, unknown>)[key], stack);
      if (v !== undefined) parts.push(`${JSON.stringify(key)}:${v}`);
    }
    return `{${parts.join(",")}}`;
  } finally {
    stack.delete(obj);
  }
}

/** SHA-256 hex of the canonical JSON of a value (payload hashes, audit hash chains). */
export function hashJson(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * Hash of an API key for storage/lookup. API keys are high-entropy random tokens, so a plain
 * (unsalted) SHA-256 is appropriate and allows an indexed lookup by hash. Never store the key itself.
 */
export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

/** Cryptographically random token, base64url-encoded (no padding). Default 32 bytes (256 bits). */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) {
    throw new RangeError("randomToken: bytes must be an integer between 1 and 1024");
  }
  return randomBytes(bytes).toString("base64url");
}

/** Constant-time string comparison (e.g. comparing a presented token hash to a stored one). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  if (ab.length !== bb.length) {
    // Still spend comparable time so length is the only thing leaked.
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}
