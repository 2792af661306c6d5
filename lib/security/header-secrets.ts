// The strings to redact for a set of credential headers: each value, the token after an auth
// scheme ("Bearer x" → "x"), for Basic auth the base64 part, the decoded "user:password" and the
// password alone, and the base64 form of each: a remote that echoes a credential back (a debug
// endpoint, an error page) does not always echo it verbatim.
// Used by the HTTP node (which only sees resolved headers) and by the credential store.

/** Shorter values would redact innocent text everywhere (they are still never stored by us). */
export const MIN_REDACTED_LENGTH = 4;

const SCHEME = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s+(\S.*?)\s*$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function headerSecretValues(headers: Record<string, string>): string[] {
  const out = new Set<string>();
  for (const value of Object.values(headers)) {
    if (typeof value !== "string") continue;
    out.add(value);
    out.add(value.trim());
    out.add(Buffer.from(value, "utf8").toString("base64"));
    const m = SCHEME.exec(value);
    if (!m) continue;
    const [, scheme, token] = m;
    out.add(token);
    out.add(Buffer.from(token, "utf8").toString("base64"));
    if (scheme.toLowerCase() === "basic" && BASE64.test(token)) {
      const decoded = Buffer.from(token, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon >= 0) {
        out.add(decoded);
        const password = decoded.slice(colon + 1);
        out.add(password);
        out.add(Buffer.from(password, "utf8").toString("base64"));
      }
    }
  }
  return [...out].filter((v) => v.length >= MIN_REDACTED_LENGTH);
}
