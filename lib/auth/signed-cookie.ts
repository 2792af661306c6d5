// Reading better-auth's signed session cookie without going through better-auth: the same parsing
// (first occurrence of a name wins, quotes stripped, percent-decoded) and the same signature
// ("<value>.<base64 HMAC-SHA256 of value under the auth secret>", 44 characters), checked with a
// synchronous HMAC and a constant-time compare. lib/auth/session.ts uses it for its fast path.
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

function decode(v: string): string {
  if (!v.includes("%")) return v;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** The value of cookie `name` in a Cookie header (the first one when it repeats), or null. */
export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  let index = 0;
  while (index < header.length) {
    const eq = header.indexOf("=", index);
    if (eq === -1) break;
    let end = header.indexOf(";", index);
    if (end === -1) end = header.length;
    else if (end < eq) {
      index = header.lastIndexOf(";", eq - 1) + 1;
      continue;
    }
    if (header.slice(index, eq).trim() === name) {
      let v = header.slice(eq + 1, end).trim();
      if (v.codePointAt(0) === 34) v = v.slice(1, -1);
      return decode(v);
    }
    index = end + 1;
  }
  return null;
}

/**
 * The signed value of cookie `name`: the value when its signature under `secret` is valid, null when
 * the cookie is absent, malformed or forged.
 */
export function readSignedCookie(header: string | null, name: string, secret: string): string | null {
  const raw = readCookie(header, name);
  if (!raw) return null;
  const dot = raw.lastIndexOf(".");
  if (dot < 1) return null;
  const value = raw.slice(0, dot);
  const signature = raw.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith("=")) return null;
  const given = Buffer.from(signature, "base64");
  const expected = createHmac("sha256", secret).update(value).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : null;
}
