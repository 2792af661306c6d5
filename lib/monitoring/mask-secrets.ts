// Monitoring shows stored step inputs, outputs, errors, events and model calls. Credentials are
// never stored in them by the engine (HTTP headers from credentials are added at send time and
// model requests are redacted on write), but user-built payloads can still carry secrets, so every
// value leaving the monitoring API passes through here: values under secret-looking keys are
// replaced, and strings that look like bearer tokens or provider keys are masked.
export const MASKED = "[secret hidden]";

const SECRET_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|apikey|password|passwd|secret|client[-_]?secret|(access|refresh|id|auth|bearer|session)[-_]?token|token|private[-_]?key|signing[-_]?key|webhook[-_]?secret)$/i;
const SECRET_VALUE =
  /\b(Bearer\s+[A-Za-z0-9._~+/=-]{8,}|sk-[A-Za-z0-9_-]{16,}|sy_[A-Za-z0-9_-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abpr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16})/g;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

function maskString(s: string): string {
  return s.includes("Bearer") || /sk-|sy_|gh[pousr]_|xox|AKIA/.test(s) ? s.replace(SECRET_VALUE, MASKED) : s;
}

/** Deep copy with secrets masked. Depth-limited so a hostile document cannot blow the stack. */
export function maskSecrets<T>(value: T, depth = 0): T {
  if (typeof value === "string") return maskString(value) as T;
  if (value === null || typeof value !== "object") return value;
  if (depth > 64) return "[too deep]" as T;
  if (Array.isArray(value)) return value.map((v: unknown) => maskSecrets(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isSecretKey(k) && v !== null && v !== "" ? MASKED : maskSecrets(v, depth + 1);
  }
  return out as T;
}
